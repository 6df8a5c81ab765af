"""A client's grievance, sent from the portal and routed to the clinic admin (docs/features.md, "Feedback and
complaints").

The model began in the `portal` app: its table keeps that name (`portal_grievance`), and its audit events
written before the move keep the label `portal.grievance` (audit.recording.FORMER_LABELS).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients import access

SUBJECT_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5_000


class GrievanceKind(models.TextChoices):
    COMPLAINT = "complaint", _("Something went wrong (a complaint)")
    FEEDBACK = "feedback", _("An idea or feedback")
    COMPLIMENT = "compliment", _("Something went well (a compliment)")


class GrievanceStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    RESOLVED = "resolved", _("Resolved")


# The usual way forward; moving back along it is allowed and audited as such.
STATUS_ORDER: list[str] = [GrievanceStatus.RECEIVED, GrievanceStatus.IN_REVIEW, GrievanceStatus.RESOLVED]


class GrievanceQuerySet(models.QuerySet):
    def of_client_user(self, user):
        """The grievances a client sent from their own portal account (none for anyone else)."""
        if not access.is_client(user):
            return self.none()
        return self.filter(client__portal_user_id=user.pk, client__clinic_id=user.clinic_id)

    def for_clinic_admin(self, user):
        """The grievances of the admin's own clinic (the clients on their roster); none for anyone else."""
        return self.filter(client__in=access.roster_clients(user).values("pk"))


class Grievance(models.Model):
    """A client's complaint, feedback or compliment. Read by the clinic admin, never by therapists."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="grievances", verbose_name=_("client")
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=GrievanceKind, default=GrievanceKind.FEEDBACK)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    text = models.TextField(_("message"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    # Therapists never see grievances; this says whether the admin may tell the therapist who wrote it.
    anonymous_to_therapist = models.BooleanField(_("keep my name from my therapist"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=GrievanceStatus, default=GrievanceStatus.RECEIVED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("reply"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GrievanceQuerySet.as_manager()

    class Meta:
        db_table = "portal_grievance"  # the table the portal app made; moved without copying a row
        ordering = ["-created_at"]
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        indexes = [
            models.Index(fields=["client", "-created_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]

    def __str__(self):
        return f"Grievance {self.id}"

    @property
    def clinic(self):
        return self.client.clinic

    @property
    def is_open(self):
        return self.status != GrievanceStatus.RESOLVED
