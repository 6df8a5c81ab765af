"""Clinics: the tenant every client and clinical row belongs to, its crisis lines, and its inclusive-care reviews."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Language


class Clinic(models.Model):
    """One tenant. Every client, and so every clinical row, belongs to exactly one clinic."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    timezone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    default_language = models.CharField(_("default language"), max_length=8, choices=Language, default=Language.ENGLISH)
    # Stricter than the deployment's limits if the clinic wants; never looser (see accounts.middleware).
    session_idle_minutes = models.PositiveSmallIntegerField(
        _("sign out after this many idle minutes"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
    )
    export_expiry_days = models.PositiveSmallIntegerField(
        _("keep PDF exports for this many days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    # After discharge a client may still sign in, read only, for this long (to download their portfolio).
    discharge_grace_days = models.PositiveSmallIntegerField(
        _("after discharge, the client may read their portal for this many days"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(90)],
    )
    # When the care team reads secure messages, in the clinic's own words, shown to clients above their messages
    # (issue 24). Blank: the portal says "during the clinic's office hours", in the client's language.
    message_office_hours = models.CharField(_("office hours for messages"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "accounts_clinic"  # moved from accounts with its table and rows (issue 22), as are the three below
        ordering = ["name"]
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self):
        return self.name

    @property
    def clinic(self):
        return self


class CrisisLine(models.Model):
    """A crisis line the clinic wants every client to see (for example 988 in the US)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="crisis_lines")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    text = models.CharField(_("text message"), max_length=40, blank=True)
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "accounts_crisisline"
        ordering = ["position", "name"]
        verbose_name = _("crisis line")
        verbose_name_plural = _("crisis lines")

    def __str__(self):
        return self.name


class CareArea(models.TextChoices):
    """What the clinic reviews about how welcoming and stigma-free its care is."""

    WAITING_ROOM = "waiting_room", _("Waiting room")
    INTAKE = "intake", _("Intake process")
    MATERIALS = "materials", _("Printed and online materials")
    LANGUAGE = "language", _("Language we use")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    TRANSPORT = "transport", _("Transport options")
    MULTILINGUAL = "multilingual", _("Multilingual resources")
    TRAINING = "training", _("Staff training on anti-stigma language")


class ItemStatus(models.TextChoices):
    MET = "met", _("In place")
    PARTLY = "partly", _("Partly in place")
    OPEN = "open", _("Not yet in place")
    NOT_APPLICABLE = "not_applicable", _("Does not apply")


class InclusiveCareReview(models.Model):
    """One periodic self-assessment of the clinic's inclusive-care commitments; every review is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="inclusive_care_reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "accounts_inclusivecarereview"
        ordering = ["-reviewed_on", "-created_at"]
        verbose_name = _("inclusive-care review")
        verbose_name_plural = _("inclusive-care reviews")
        indexes = [models.Index(fields=["clinic", "-reviewed_on"], name="accounts_in_clinic__8172dd_idx")]

    def __str__(self):
        return f"Inclusive-care review {self.reviewed_on}"


class InclusiveCareItem(models.Model):
    """One checklist item in a review: where the clinic stands, and if open, what is next and who owns it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    review = models.ForeignKey(InclusiveCareReview, on_delete=models.CASCADE, related_name="items")
    area = models.CharField(_("area"), max_length=30, choices=CareArea)
    question = models.CharField(_("question"), max_length=300)
    status = models.CharField(_("where we are"), max_length=20, choices=ItemStatus, default=ItemStatus.OPEN)
    next_step = models.TextField(_("next step"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due by"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "accounts_inclusivecareitem"
        ordering = ["position"]
        verbose_name = _("inclusive-care item")
        verbose_name_plural = _("inclusive-care items")

    def __str__(self):
        return self.question

    @property
    def clinic(self):
        return self.review.clinic
