"""Experiments between carousel strategies, their exposures and the carousel clicks.

An `Exposure` is one carousel shown to one subject (shopper or anonymous session) while an
experiment ran, with the cards it held and, for interleaving, which variant contributed each
card. A `CarouselClick` is one click on a card (always recorded, experiment or not) and points
at the exposure it came from when there was one.
"""

from __future__ import annotations

from django.db import models

from catalog.models import Interaction, Product


class Experiment(models.Model):
    AB = "ab"
    INTERLEAVING = "interleaving"
    KINDS = [(AB, "A/B test"), (INTERLEAVING, "Team-draft interleaving")]

    RELATED = "related"
    RERANKED = "reranked"
    STRATEGIES = [
        (RELATED, "Related only (Similar-Items order)"),
        (RERANKED, "Related, re-ranked for the shopper (Personalized-Ranking)"),
    ]

    key = models.SlugField(max_length=80, unique=True, help_text="Part of the assignment hash.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KINDS, default=AB)
    strategy_a = models.CharField(max_length=20, choices=STRATEGIES, default=RELATED)
    strategy_b = models.CharField(max_length=20, choices=STRATEGIES, default=RERANKED)
    share_b = models.FloatField(
        default=0.5, help_text="A/B only: share of shoppers and sessions assigned to B (0-1)."
    )
    active = models.BooleanField(
        default=False,
        help_text="Only one experiment runs at a time: the most recently created active one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Exposure(models.Model):
    VARIANT_A = "A"
    VARIANT_B = "B"
    VARIANT_INTERLEAVED = "AB"

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="exposures")
    variant = models.CharField(max_length=4)
    subject = models.CharField(max_length=100, db_index=True)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    items = models.JSONField(default=list, help_text="[[product id, team], ...] in shown order")
    timestamp = models.DateTimeField()

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["experiment", "variant"])]

    def __str__(self) -> str:
        return f"{self.experiment.key} {self.variant} {self.subject} @ {self.product_id}"

    def team_of(self, product_id: str) -> str | None:
        """The team that contributed `product_id`, or None when it was not shown."""
        for pid, team in self.items:
            if pid == product_id:
                return str(team)
        return None


class CarouselClick(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    from_product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1-based card position; empty when the link had none."
    )
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exposure = models.ForeignKey(
        Exposure, null=True, blank=True, on_delete=models.CASCADE, related_name="clicks"
    )
    variant = models.CharField(max_length=4, blank=True)
    team = models.CharField(max_length=4, blank=True)
    timestamp = models.DateTimeField()

    class Meta:
        ordering = ["-timestamp", "-id"]

    def __str__(self) -> str:
        return f"click {self.product_id} at {self.position} from {self.from_product_id}"
