from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "experiments"
    verbose_name = "Carousel experiments"
    default_auto_field = "django.db.models.BigAutoField"
