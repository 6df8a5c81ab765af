"""Disclosure plans: deciding whether, when, to whom and how much to tell; rehearsing; debriefing.

Partial disclosure is a normal, respected outcome, never a failure: the level is the client's choice.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.access import ClientScopedQuerySet, PlanChildQuerySet
from clients.models import AllyStage, Client, Shareable, SupportPerson


class DisclosureSetting(models.TextChoices):
    WORK = "work", _("Work")
    SCHOOL = "school", _("School")
    FAMILY = "family", _("Family")
    HEALTHCARE = "healthcare", _("Healthcare")
    COMMUNITY = "community", _("Community")
    ONLINE = "online", _("Online")


class DisclosureLevel(models.TextChoices):
    """The five levels of disclosure described by Corrigan and the Honest, Open, Proud programme."""

    SOCIAL_AVOIDANCE = "social_avoidance", _("Social avoidance")
    SECRECY = "secrecy", _("Secrecy")
    SELECTIVE = "selective", _("Selective disclosure")
    INDISCRIMINATE = "indiscriminate", _("Indiscriminate disclosure")
    BROADCASTING = "broadcasting", _("Broadcasting")


LEVEL_EXPLANATIONS = {
    DisclosureLevel.SOCIAL_AVOIDANCE: _(
        "Keeping away from people who might find out. It protects privacy, at the cost of closeness and support."
    ),
    DisclosureLevel.SECRECY: _(
        "Taking part in work, school or community life while keeping your experience to yourself."
    ),
    DisclosureLevel.SELECTIVE: _(
        "Telling some people you choose, and keeping it private from others. Many people find this level works well."
    ),
    DisclosureLevel.INDISCRIMINATE: _(
        "No longer hiding your experience, without deciding to tell anyone in particular; whoever learns of it, learns."
    ),
    DisclosureLevel.BROADCASTING: _(
        "Sharing your experience openly and on purpose, for example to educate others or to advocate."
    ),
}


class DisclosureStatus(models.TextChoices):
    CONSIDERING = "considering", _("Considering")
    REHEARSING = "rehearsing", _("Rehearsing")
    READY = "ready", _("Ready")
    DISCLOSED = "disclosed", _("Disclosed")
    REFLECTED = "reflected", _("Reflected")


STATUS_ORDER: list[str] = [
    DisclosureStatus.CONSIDERING,
    DisclosureStatus.REHEARSING,
    DisclosureStatus.READY,
    DisclosureStatus.DISCLOSED,
    DisclosureStatus.REFLECTED,
]

READINESS = [MinValueValidator(0), MaxValueValidator(10)]


class DisclosurePlanQuerySet(ClientScopedQuerySet):
    shared_field = "shared_with_client"

    def current(self):
        return self.filter(archived_at__isnull=True)


class DisclosurePlan(Shareable):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="disclosure_plans")
    support_person = models.ForeignKey(
        SupportPerson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_plans",
        verbose_name=_("someone from the support network"),
    )
    audience_description = models.CharField(
        _("or describe the audience"), max_length=200, blank=True, help_text=_("For example: my new manager.")
    )
    setting = models.CharField(_("setting"), max_length=20, choices=DisclosureSetting)
    level = models.CharField(_("chosen level of disclosure"), max_length=20, choices=DisclosureLevel, blank=True)
    reasons = models.TextField(_("reasons for telling, or for not telling"), blank=True)
    benefits = models.TextField(_("possible benefits"), blank=True)
    costs_risks = models.TextField(_("possible costs and risks"), blank=True)
    testing_the_person = models.TextField(
        _("testing the person"),
        blank=True,
        help_text=_("Small signals of how this person reacts to mental-health topics before telling them."),
    )
    share_what = models.TextField(_("what to share"), blank=True)
    keep_private = models.TextField(_("what to keep private"), blank=True)
    when_where = models.TextField(_("when and where"), blank=True)
    script = models.TextField(_("the script"), blank=True, help_text=_("The words the client plans to use."))
    exit_lines = models.TextField(_("exit lines"), blank=True, help_text=_("Ways to end the conversation if needed."))
    standby_support = models.TextField(
        _("support person on standby"), blank=True, help_text=_("Who the client can call right after.")
    )
    boundary_statements = models.TextField(_("boundary statements"), blank=True)
    if_it_goes_badly = models.TextField(_("if it goes badly"), blank=True)
    readiness = models.PositiveSmallIntegerField(_("readiness (0–10)"), null=True, blank=True, validators=READINESS)
    client_readiness = models.PositiveSmallIntegerField(
        _("readiness recorded by the client"), null=True, blank=True, validators=READINESS
    )
    client_readiness_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DisclosureStatus, default=DisclosureStatus.CONSIDERING
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisclosurePlanQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("disclosure plan")
        verbose_name_plural = _("disclosure plans")
        indexes = [models.Index(fields=["client", "archived_at", "-updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(readiness__lte=10) | models.Q(readiness__isnull=True),
                name="disclosure_readiness_0_to_10",
            ),
        ]

    def __str__(self):
        return self.audience_label

    def get_absolute_url(self):
        return reverse("disclosure:detail", args=[self.client_id, self.pk])

    @property
    def clinic(self):
        return self.client.clinic

    @property
    def audience_label(self):
        return self.support_person.name if self.support_person_id else self.audience_description

    @property
    def level_explanation(self):
        return LEVEL_EXPLANATIONS.get(self.level, "")

    @property
    def status_index(self):
        return STATUS_ORDER.index(self.status)


class StatusChange(models.Model):
    """One step of a plan's status, with its date; a step back carries the reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(DisclosurePlan, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=DisclosureStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=DisclosureStatus)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at"]
        indexes = [models.Index(fields=["plan", "changed_at"])]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"

    @property
    def client(self):
        return self.plan.client


class Reaction(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    CURIOUS = "curious", _("Curious")
    DISMISSIVE = "dismissive", _("Dismissive")
    HOSTILE = "hostile", _("Hostile")


class Rehearsal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(DisclosurePlan, on_delete=models.PROTECT, related_name="rehearsals")
    rehearsed_on = models.DateField(_("date"), default=timezone.localdate)
    scenario = models.TextField(_("scenario"))
    reactions_practised = models.JSONField(_("reactions practised"), default=list, blank=True)
    confidence_before = models.PositiveSmallIntegerField(_("confidence before (0–10)"), validators=READINESS)
    confidence_after = models.PositiveSmallIntegerField(_("confidence after (0–10)"), validators=READINESS)
    notes = models.TextField(_("notes"), blank=True)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["rehearsed_on", "created_at"]
        verbose_name = _("rehearsal")
        verbose_name_plural = _("rehearsals")
        indexes = [models.Index(fields=["plan", "rehearsed_on"])]

    def __str__(self):
        return f"Rehearsal {self.id}"

    @property
    def client(self):
        return self.plan.client

    def reaction_labels(self):
        labels = dict(Reaction.choices)
        return [labels[value] for value in self.reactions_practised if value in labels]


class Outcome(models.TextChoices):
    WENT_WELL = "went_well", _("It went well")
    MIXED = "mixed", _("Mixed")
    HARD = "hard", _("It was hard")
    NOT_YET = "not_yet", _("It did not happen yet")


class Debrief(models.Model):
    """After a disclosure: how it went, the reaction, what the client learned, what follows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(DisclosurePlan, on_delete=models.PROTECT, related_name="debriefs")
    outcome = models.CharField(_("how it went"), max_length=20, choices=Outcome)
    how_it_went = models.TextField(_("what happened"), blank=True)
    reaction = models.TextField(_("the person's reaction"), blank=True)
    learned = models.TextField(_("what the client learned"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    ally_stage_after = models.CharField(_("ally path afterwards"), max_length=20, choices=AllyStage.choices, blank=True)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("debrief")
        verbose_name_plural = _("debriefs")
        indexes = [models.Index(fields=["plan", "created_at"])]

    def __str__(self):
        return f"Debrief {self.id}"

    @property
    def client(self):
        return self.plan.client
