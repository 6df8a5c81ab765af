"""Reminders, one delivery row per occurrence and channel, and in-app notifications (docs/rules.md, "Reminders").

Reminders link to what they are about by URL, so this app knows nothing of the feature apps above it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.dates import WEEKDAY_CHOICES


class ReminderKind(models.TextChoices):
    MICRO_GOAL = "micro_goal", _("Micro-goal")
    CHECK_IN = "check_in", _("Check-in")
    PLAN_REVIEW = "plan_review", _("Plan review")
    REFERRAL_FOLLOW_UP = "referral_follow_up", _("Referral follow-up")
    ADVOCACY_REVIEW = "advocacy_review", _("Advocacy review")
    CUSTOM = "custom", _("Custom")
    SESSION = "session", _("Session")
    # A one-off email that tells someone something waits for them (reminders/notices.py); never listed as a reminder.
    NOTICE = "notice", _("Notice")


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
    WEEKDAYS = "weekdays", _("On chosen days")


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("In the app")


class ReminderStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Done")


class Reminder(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reminders")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind, default=ReminderKind.CUSTOM)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Shown in the app only, never in an email.")
    )
    link = models.CharField(max_length=300, blank=True)  # a path inside the product
    # What made it, such as "referral:<id>", so the feature can move, pause or cancel its own reminder.
    source = models.CharField(max_length=100, blank=True, db_index=True)
    starts_on = models.DateField(_("starting"), default=timezone.localdate)
    local_time = models.TimeField(_("time of day"))
    time_zone = models.CharField(max_length=64)
    recurrence = models.CharField(_("repeats"), max_length=20, choices=Recurrence, default=Recurrence.NONE)
    weekdays = models.JSONField(default=list, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=ReminderChannel, default=ReminderChannel.EMAIL)
    status = models.CharField(max_length=20, choices=ReminderStatus, default=ReminderStatus.ACTIVE)
    next_at = models.DateTimeField(null=True, blank=True)  # the next occurrence, in UTC
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)  # double submit: one row
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["next_at"]
        indexes = [models.Index(fields=["status", "next_at"], name="reminder_due")]

    def __str__(self):
        return f"Reminder {self.id}"

    def day_names(self):
        """The chosen days' names in week order, for a reminder "On chosen days" (else none)."""
        if self.recurrence != Recurrence.WEEKDAYS:
            return []
        return [str(label) for value, label in WEEKDAY_CHOICES if value in self.weekdays]


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One occurrence of a reminder on one channel; unique, so it is never sent twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reminder = models.ForeignKey(Reminder, on_delete=models.PROTECT, related_name="deliveries")
    occurrence = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=ReminderChannel)
    status = models.CharField(max_length=20, choices=DeliveryStatus, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reminder", "occurrence", "channel"], name="one_delivery_per_occurrence")
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"Delivery {self.id}"

    @property
    def message_id(self):
        """The same Message-ID for every attempt, so a resend after a crash is recognisably the same email."""
        return f"<delivery-{self.id}@empowerment-planner>"


class Notification(models.Model):
    """An in-app note with a link: discreet, and read in the app."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    delivery = models.OneToOneField(Delivery, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.CharField(max_length=200)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return f"Notification {self.id}"


class CalendarFeed(models.Model):
    """A person's secret calendar-feed address for their upcoming reminders; only the token's hash is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self):
        return f"Calendar feed {self.id}"
