"""Recommendation-side records: the outbox of events waiting for Amazon Personalize, and the
events received by the local PutEvents endpoint (de-duplicated by eventId)."""

from __future__ import annotations

from django.db import models


class OutboxEvent(models.Model):
    """One store interaction queued for Personalize's PutEvents.

    Written in the same transaction as the interaction; drained by `manage.py send_events`.
    A drain claims rows (`claim_token`, `claimed_until`) before sending, so two drains never send
    the same row, and a crashed drain's claim lapses after its lease. `sent_at` is set exactly
    once, by the drain whose claim it holds.
    """

    event_id = models.CharField(max_length=64, unique=True)  # sent as eventId
    interaction = models.OneToOneField(
        "catalog.Interaction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_event",
    )
    tracking_id = models.CharField(max_length=255)
    user_id = models.CharField(max_length=64, blank=True)
    session_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=32)
    item_id = models.CharField(max_length=64)
    event_value = models.FloatField(null=True, blank=True)
    properties = models.TextField(blank=True)  # a JSON object, encoded once when queued
    occurred_at = models.DateTimeField()  # sent as sentAt
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    rejected_at = models.DateTimeField(null=True, blank=True)  # Personalize refused it as invalid
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self) -> str:
        state = "sent" if self.sent_at else "rejected" if self.rejected_at else "pending"
        return f"{self.event_type} {self.item_id} ({state}, {self.attempts} attempts)"


class ReceivedEvent(models.Model):
    """An event accepted by the local PutEvents endpoint, kept once per eventId."""

    event_id = models.CharField(max_length=255, unique=True)
    tracking_id = models.CharField(max_length=255)
    user_id = models.CharField(max_length=255, blank=True)
    session_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=255)
    item_id = models.CharField(max_length=255, blank=True)
    event_value = models.FloatField(null=True, blank=True)
    properties = models.TextField(blank=True)
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.item_id} ({self.event_id})"
