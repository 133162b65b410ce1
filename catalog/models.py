"""The store's data: categories, products, shoppers and the interaction log.

Interactions are the training data and the live event log at once: one table, indexed by
shopper, session and time. An interaction is identified by (shopper, product, event type,
timestamp); anonymous ones carry a session id instead of a shopper.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

# Every product has a page at /product/<id>/: its id must fit in one URL path segment.
validate_product_id = RegexValidator(
    r"^[^/\x00-\x1f\x7f]+$", "A product id must not contain '/' or control characters."
)


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    has_gender_affinity = models.BooleanField(default=False)
    image = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:category", args=[self.slug])


class ProductQuerySet(models.QuerySet):
    def visible(self) -> ProductQuerySet:
        """Products shown in the web UI (the data also holds Alexa-only ones)."""
        return self.filter(where_visible=Product.VISIBLE_UI)


class Product(models.Model):
    VISIBLE_UI = "UI"

    id = models.CharField(max_length=64, primary_key=True, validators=[validate_product_id])
    name = models.CharField(max_length=255)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    style = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    current_stock = models.IntegerField(default=0)
    gender_affinity = models.CharField(max_length=1, blank=True)
    image = models.CharField(max_length=200, blank=True)
    promoted = models.BooleanField(default=False)
    where_visible = models.CharField(max_length=20, default=VISIBLE_UI)
    featured = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["category", "where_visible"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:product", args=[self.id])

    @property
    def is_visible(self) -> bool:
        return self.where_visible == self.VISIBLE_UI


class Shopper(models.Model):
    id = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=200)
    age = models.PositiveIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=1, blank=True)
    persona = models.CharField(max_length=255, blank=True)
    discount_persona = models.CharField(max_length=100, blank=True)
    selectable = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["persona"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    @property
    def persona_categories(self) -> list[str]:
        return [part for part in self.persona.split("_") if part]


class EventType(models.TextChoices):
    VIEW = "View"
    ADD_TO_CART = "AddToCart"
    VIEW_CART = "ViewCart"
    START_CHECKOUT = "StartCheckout"
    PURCHASE = "Purchase"
    CLICK = "Click"


class Interaction(models.Model):
    SOURCE_IMPORT = "import"
    SOURCE_LIVE = "live"

    shopper = models.ForeignKey(
        Shopper, null=True, blank=True, on_delete=models.CASCADE, related_name="interactions"
    )
    session_id = models.CharField(max_length=64, blank=True, db_index=True)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="interactions")
    event_type = models.CharField(max_length=32)
    timestamp = models.DateTimeField(db_index=True)
    value = models.FloatField(null=True, blank=True)
    discount = models.BooleanField(null=True, blank=True)
    source = models.CharField(max_length=10, default=SOURCE_LIVE)

    class Meta:
        ordering = ["timestamp", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shopper", "product", "event_type", "timestamp"],
                name="interaction_identity",
            )
        ]
        indexes = [models.Index(fields=["shopper", "timestamp"])]

    def __str__(self) -> str:
        who = self.shopper_id or f"session {self.session_id}"
        return f"{who} {self.event_type} {self.product_id} @ {self.timestamp:%Y-%m-%d %H:%M:%S}"
