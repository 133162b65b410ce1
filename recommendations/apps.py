from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Named filters are checked at start: a bad expression stops the process with its
        # position, instead of failing the first request that uses it.
        from recommendations.filtering import filters_configured

        filters_configured()
        _warm_up_backend()


def _warm_up_backend() -> None:
    """Let a remote backend prepare its clients in the background at start (no AWS call)."""
    import threading

    from django.conf import settings

    from recommendations.backends import resolve_backend_path

    if resolve_backend_path(settings.RECOMMENDATIONS_BACKEND).endswith(".PersonalizeBackend"):

        def warm() -> None:
            import logging

            from recommendations.backends import get_backend

            try:
                warm_up = getattr(get_backend(), "warm_up", None)
                if callable(warm_up):
                    warm_up()
            except Exception as exc:  # the first request will report it properly
                logging.getLogger(__name__).warning("backend warm-up failed: %s", exc)

        threading.Thread(target=warm, name="backend-warm-up", daemon=True).start()
