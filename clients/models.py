"""The client record every plan hangs from, and the care team around it."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import clinical_client_filter
from accounts.models import Clinic, Language


class ClientStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISCHARGED = "discharged", _("Discharged")


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clients whose clinical record this user may open (accounts.access decides)."""
        return self.filter(clinical_client_filter(user))


class Client(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="clients", verbose_name=_("clinic"))
    legal_name = models.CharField(_("legal name"), max_length=200)
    preferred_name = models.CharField(_("preferred name"), max_length=200, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=60, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(_("status"), max_length=20, choices=ClientStatus.choices, default=ClientStatus.ACTIVE)
    primary_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="primary_clients",
        verbose_name=_("primary therapist"),
    )
    care_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CareTeamMember",
        through_fields=("client", "user"),
        related_name="care_team_clients",
        blank=True,
        verbose_name=_("care team"),
    )
    portal_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="client_record",
        verbose_name=_("portal account"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["preferred_name", "legal_name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["clinic", "status"]),
            models.Index(fields=["primary_therapist", "status"]),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("clients:overview", kwargs={"client_id": self.pk})

    @property
    def display_name(self):
        """The name every page shows: the one the client chose."""
        return self.preferred_name or self.legal_name

    @property
    def client(self):
        return self


class CareTeamMember(models.Model):
    """A colleague the primary therapist added to a client's care team."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_team_memberships")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "user"], name="care_team_member_once")]
        indexes = [models.Index(fields=["user", "client"])]

    def __str__(self):
        return f"Care team member {self.id}"

    @property
    def clinic(self):
        return self.client.clinic
