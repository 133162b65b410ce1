from django.contrib import admin

from catalog.models import Category, Interaction, Product, Shopper


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "has_gender_affinity")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "style", "price", "current_stock", "where_visible")
    list_filter = ("category", "where_visible", "featured", "promoted")
    search_fields = ("id", "name", "style", "description")


@admin.register(Shopper)
class ShopperAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "age", "gender", "persona", "discount_persona", "selectable")
    list_filter = ("gender", "discount_persona", "selectable")
    search_fields = ("id", "name", "persona")


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "shopper", "session_id", "product", "event_type", "source")
    list_filter = ("event_type", "source")
    search_fields = ("shopper__id", "session_id", "product__id")
    raw_id_fields = ("shopper", "product")
    list_select_related = ("shopper", "product")
