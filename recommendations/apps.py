from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Named filters are checked at start: a bad expression stops the process with its
        # position, instead of failing the first request that uses it.
        from recommendations.filtering import filters_configured

        filters_configured()
