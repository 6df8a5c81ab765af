"""The audit event: who did what to which client's record, when, and from where. Append-only."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """Audit events are written once and never changed or removed."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what to which client's record, when, and from where. Append-only.

    `detail` carries ids and codes only, never personal data. On PostgreSQL a trigger refuses
    UPDATE and DELETE too, so not even raw SQL from the application can change history.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No single-column indexes on these three: the composite indexes below lead with each of them and
    # serve every lookup, and each index is one more write on every page view (every view is audited).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    clinic = models.ForeignKey(
        "clinics.Clinic", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    emergency_access = models.ForeignKey(
        "clients.EmergencyAccess", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        db_table = "accounts_auditevent"  # moved from accounts with its table, indexes and rows (issue 22)
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["clinic", "-at"], name="accounts_au_clinic__c46582_idx"),
            models.Index(fields=["actor", "-at"], name="accounts_au_actor_i_18de85_idx"),
            models.Index(fields=["client", "-at"], name="accounts_au_client__512544_idx"),
            models.Index(fields=["action", "-at"], name="accounts_au_action_6eed2d_idx"),
            # The audit log viewer's action filter within a clinic: an exact code or its beginning (LIKE
            # 'x%'), which needs the pattern operator class whatever the database's collation.
            models.Index(
                fields=["clinic", "action", "-at"],
                name="audit_clinic_action_at",
                opclasses=["uuid_ops", "varchar_pattern_ops", "timestamptz_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be updated.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
