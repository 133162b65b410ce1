from django.contrib import admin

from experiments.models import CarouselClick, Experiment, Exposure


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "kind", "strategy_a", "strategy_b", "share_b", "active")
    list_editable = ("active",)
    list_filter = ("kind", "active")


@admin.register(Exposure)
class ExposureAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "experiment", "variant", "subject", "product")
    list_filter = ("experiment", "variant")
    raw_id_fields = ("product",)


@admin.register(CarouselClick)
class CarouselClickAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "product", "position", "from_product", "variant", "team")
    list_filter = ("variant", "team")
    raw_id_fields = ("product", "from_product", "interaction", "exposure")
