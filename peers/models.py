"""Peer connections: the clinic's directory of peer and community resources, and referrals made with consent.

The directory follows the shape of Open Referral's Human Services Data Specification (an
organisation offers a service at a location). Peer support complements formal treatment; nothing
is shared with a resource before the client's informed consent, and withdrawing it stops all sharing.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.access import ClientScopedQuerySet
from clients.models import Client
from clinics.models import Clinic

VERIFY_EVERY = timedelta(days=180)


class ResourceKind(models.TextChoices):
    PEER_GROUP = "peer_group", _("Peer support group")
    MENTOR = "mentor", _("Mentor")
    PEER_SPECIALIST = "peer_specialist", _("Peer specialist")
    MUTUAL_AID = "mutual_aid", _("Mutual aid")
    WARMLINE = "warmline", _("Warmline")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment accommodations")
    LEGAL = "legal", _("Legal help")
    TRANSPORT = "transport", _("Transport")


class ResourceFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    SLIDING = "sliding", _("Sliding scale")
    FEE = "fee", _("Fee")


class ResourceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")


# Languages a resource may offer; codes as in Django's LANGUAGES where they exist.
RESOURCE_LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("tl", _("Tagalog")),
    ("ar", _("Arabic")),
    ("ko", _("Korean")),
    ("ht", _("Haitian Creole")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
    ("fr", _("French")),
    ("asl", _("American Sign Language")),
]


class FocusArea(models.Model):
    """A theme a resource focuses on; each clinic starts with a few and adds its own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="focus_areas")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["clinic", "name"], name="focus_area_name_once_per_clinic")]

    def __str__(self):
        return self.name


LANGUAGE_LABELS = dict(RESOURCE_LANGUAGES)


class PeerResource(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="peer_resources")
    organisation = models.CharField(_("organisation"), max_length=200)
    name = models.CharField(_("service name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ResourceKind)
    description = models.TextField(_("description"), blank=True)
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="resources", verbose_name=_("focus areas"))
    # Language codes wrapped in commas (",en,es,") so one indexed-friendly LIKE finds a language.
    languages = models.CharField(_("languages"), max_length=100, default=",en,")
    cultural_focus = models.CharField(_("cultural focus"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=ResourceFormat)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    near_public_transport = models.BooleanField(_("near public transport"), default=False)
    captioning_or_interpreting = models.BooleanField(_("captioning or sign-language interpreting"), default=False)
    accessibility_notes = models.TextField(_("accessibility and transport notes"), blank=True)
    cost = models.CharField(_("cost"), max_length=20, choices=Cost, default=Cost.FREE)
    cost_notes = models.CharField(_("cost details"), max_length=200, blank=True)
    crisis_support = models.BooleanField(_("crisis support available"), default=False)
    screening_notes = models.TextField(
        _("screening notes"), blank=True, help_text=_("Possible triggers or content to know about beforehand.")
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ResourceStatus, default=ResourceStatus.ACTIVE)
    last_verified_on = models.DateField(_("last verified"), default=timezone.localdate)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("peer resource")
        verbose_name_plural = _("peer resources")
        indexes = [
            models.Index(fields=["clinic", "status", "name"]),
            models.Index(fields=["clinic", "format"]),
            models.Index(fields=["clinic", "last_verified_on"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:edit", kwargs={"resource_id": self.pk})

    @property
    def language_codes(self):
        return [code for code in self.languages.strip(",").split(",") if code]

    def language_labels(self):
        return [str(LANGUAGE_LABELS.get(code, code)) for code in self.language_codes]

    def focus_names(self):
        """The names of its focus areas (from the listing's prefetch, so no query per card)."""
        return [area.name for area in self.focus_areas.all()]

    def needs_verification(self, today=None):
        return (today or timezone.localdate()) - self.last_verified_on > VERIFY_EVERY


class ReferralStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    AWAITING_CONSENT = "awaiting_consent", _("Awaiting consent")
    CONSENTED = "consented", _("Consented")
    INTRODUCED = "introduced", _("Introduced")
    ATTENDING = "attending", _("Attending")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_A_FIT = "not_a_fit", _("Not a fit")


# Where a referral may go from each status. Ending states need a reason (see services).
NEXT_STATUSES: dict[str, list[str]] = {
    ReferralStatus.SUGGESTED: [ReferralStatus.AWAITING_CONSENT, ReferralStatus.DECLINED, ReferralStatus.NOT_A_FIT],
    ReferralStatus.AWAITING_CONSENT: [ReferralStatus.DECLINED, ReferralStatus.NOT_A_FIT],
    ReferralStatus.CONSENTED: [ReferralStatus.INTRODUCED, ReferralStatus.WITHDRAWN, ReferralStatus.NOT_A_FIT],
    ReferralStatus.INTRODUCED: [ReferralStatus.ATTENDING, ReferralStatus.WITHDRAWN, ReferralStatus.NOT_A_FIT],
    ReferralStatus.ATTENDING: [ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN, ReferralStatus.NOT_A_FIT],
}
ENDINGS_NEEDING_A_REASON = {ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN, ReferralStatus.NOT_A_FIT}
AFTER_CONSENT = {
    ReferralStatus.CONSENTED,
    ReferralStatus.INTRODUCED,
    ReferralStatus.ATTENDING,
    ReferralStatus.COMPLETED,
}


class SharedDetail(models.TextChoices):
    """What may be passed to the resource; the first name alone is the minimum and the default."""

    FIRST_NAME = "first_name", _("First name")
    CONTACT = "contact", _("How to contact the client")
    PRONOUNS = "pronouns", _("Pronouns")
    LANGUAGE = "language", _("Preferred language")
    ACCESS_NEEDS = "access_needs", _("Accessibility needs")


class ConsentMethod(models.TextChoices):
    PORTAL = "portal", _("In the portal")
    VERBAL = "verbal", _("Verbally, in session")


class ReferralQuerySet(ClientScopedQuerySet):
    # A client sees a referral once their consent has been asked for, never while it is only an idea.
    shared_field = "shown_to_client"

    def open(self):
        return self.exclude(status__in=[ReferralStatus.COMPLETED, *ENDINGS_NEEDING_A_REASON])


class PeerReferral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="peer_referrals")
    resource = models.ForeignKey(PeerResource, on_delete=models.PROTECT, related_name="referrals")
    why = models.TextField(_("why this resource"))
    match_basis = models.TextField(_("what the match was based on"), blank=True)
    shared_details = models.JSONField(_("what may be shared with the resource"), default=list)
    expectations_discussed = models.BooleanField(
        _("expectations discussed"),
        default=False,
        help_text=_("Peer support complements treatment; what peers can and cannot provide."),
    )
    expectations_notes = models.TextField(_("notes on expectations"), blank=True)
    safety_agreement = models.TextField(_("safety agreement and crisis supports"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus, default=ReferralStatus.SUGGESTED)
    shown_to_client = models.BooleanField(default=False)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_method = models.CharField(max_length=10, choices=ConsentMethod, blank=True)
    consent_text_version = models.CharField(max_length=20, blank=True)
    consent_language = models.CharField(max_length=8, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    consent_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("peer referral")
        verbose_name_plural = _("peer referrals")
        indexes = [
            models.Index(fields=["client", "-created_at"]),
            models.Index(fields=["status", "follow_up_on"]),
        ]

    def __str__(self):
        return f"Referral {self.id}"

    def get_absolute_url(self):
        return reverse("peers:referral_detail", kwargs={"client_id": self.client_id, "referral_id": self.pk})

    @property
    def clinic(self):
        return self.client.clinic

    @property
    def has_consent(self):
        return self.consent_given_at is not None and self.consent_withdrawn_at is None

    def follow_up_overdue(self, today=None):
        return (
            self.follow_up_on is not None
            and self.follow_up_on < (today or timezone.localdate())
            and self.status not in (ReferralStatus.COMPLETED, *ENDINGS_NEEDING_A_REASON)
        )

    def next_statuses(self):
        return NEXT_STATUSES.get(self.status, [])

    def shared_detail_labels(self):
        labels = dict(SharedDetail.choices)
        return [labels[value] for value in self.shared_details if value in labels]


class ReferralStatusChange(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(PeerReferral, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ReferralStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at"]
        indexes = [models.Index(fields=["referral", "changed_at"])]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"

    @property
    def client(self):
        return self.referral.client
