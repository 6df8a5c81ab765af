"""Advocacy plans: civic steps co-created in session, paced to the client's capacity.

The product's job is to keep the steps concrete and the pace safe: it warns when a month's planned
hours pass the client's limit, or a step would make the client more public than they chose.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clients.access import ClientScopedQuerySet, PlanChildQuerySet
from clients.models import Client, Shareable
from clinics.models import Clinic
from core.labels import choice_label

ZERO_TO_TEN = [MinValueValidator(0), MaxValueValidator(10)]


class Focus(models.TextChoices):
    WORKPLACE = "workplace", _("Workplace")
    SCHOOL = "school", _("School")
    COMMUNITY = "community", _("Community")
    POLICY = "policy", _("Policy")
    MEDIA = "media", _("Media")


class Publicity(models.TextChoices):
    """How public the client will be, from least to most."""

    ANONYMOUS = "anonymous", _("Anonymous")
    FIRST_NAME = "first_name", _("First name only")
    FULL_NAME = "full_name", _("Full name")


PUBLICITY_ORDER = [Publicity.ANONYMOUS, Publicity.FIRST_NAME, Publicity.FULL_NAME]


def publicity_exceeds(step_level, plan_level):
    return PUBLICITY_ORDER.index(step_level) > PUBLICITY_ORDER.index(plan_level)


class OpportunityKind(models.TextChoices):
    COALITION = "coalition", _("Local coalition")
    SCHOOL_BOARD = "school_board", _("School board")
    WORKPLACE_COMMITTEE = "workplace_committee", _("Workplace wellness committee")
    FORUM = "forum", _("Community forum")
    OTHER = "other", pgettext_lazy("kind of opportunity", "Other")


class AdvocacyOpportunity(models.Model):
    """A place in the clinic's community where advocacy can happen; kept by admins and therapists."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="advocacy_opportunities")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OpportunityKind)
    description = models.TextField(_("description"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    next_meeting = models.DateField(_("next meeting"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("advocacy opportunity")
        verbose_name_plural = _("advocacy opportunities")
        indexes = [models.Index(fields=["clinic", "active", "name"])]

    def __str__(self):
        return self.name


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class AdvocacyPlanQuerySet(ClientScopedQuerySet):
    shared_field = "shared_with_client"

    def current(self):
        return self.filter(archived_at__isnull=True)


class AdvocacyPlan(Shareable):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="advocacy_plans")
    aim = models.CharField(_("aim"), max_length=300)
    therapeutic_goals = models.TextField(_("how it serves the client's therapeutic goals"), blank=True)
    focus = models.CharField(_("focus"), max_length=20, choices=Focus)
    hours_per_month = models.DecimalField(
        _("hours per month, at most"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("200"))],
    )
    publicity = models.CharField(
        _("how public the client will be"), max_length=20, choices=Publicity, default=Publicity.ANONYMOUS
    )
    topics_off_limits = models.TextField(_("topics off limits"), blank=True)
    media_rules = models.TextField(_("media exposure rules"), blank=True)
    review_interval_days = models.PositiveSmallIntegerField(
        _("review every (days)"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
    )
    next_review_on = models.DateField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus, default=PlanStatus.ACTIVE)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdvocacyPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("advocacy plan")
        verbose_name_plural = _("advocacy plans")
        indexes = [
            models.Index(fields=["client", "archived_at", "-updated_at"]),
            models.Index(fields=["status", "next_review_on"]),
        ]

    def __str__(self):
        return self.aim

    def get_absolute_url(self):
        return reverse("advocacy:detail", args=[self.client_id, self.pk])

    @property
    def clinic(self):
        return self.client.clinic

    @property
    def is_paused(self):
        return self.status == PlanStatus.PAUSED

    def review_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status == PlanStatus.ACTIVE and self.next_review_on is not None and self.next_review_on < today

    def schedule_next_review(self, after=None):
        after = after or timezone.localdate()
        self.next_review_on = after + timedelta(days=self.review_interval_days)

    def last_reviewed_on(self):
        """The day the interval counts from when it changes: the last review's, or the plan's first day."""
        last = self.reviews.order_by("-created_at").values_list("created_at", flat=True).first()
        return timezone.localdate(last or self.created_at)


class StepKind(models.TextChoices):
    SPEAKING_PRACTICE = "speaking_practice", _("Public-speaking practice")
    LETTER = "letter", _("Letter writing")
    STAKEHOLDER_MEETING = "stakeholder_meeting", _("Stakeholder meeting")
    OP_ED = "op_ed", _("Op-ed")
    COMMUNITY_FORUM = "community_forum", _("Community forum")
    AWARENESS_CAMPAIGN = "awareness_campaign", _("Awareness campaign")
    COMMITTEE_MEETING = "committee_meeting", _("Committee or coalition meeting")
    TESTIMONY = "testimony", _("Testimony")
    OTHER = "other", pgettext_lazy("kind of advocacy step", "Other")


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class AdvocacyStep(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(AdvocacyPlan, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("kind of step"), max_length=30, choices=StepKind)
    description = models.TextField(_("description"))
    due_on = models.DateField(_("due date"))
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
    )
    publicity = models.CharField(
        _("how public this step makes the client"),
        max_length=20,
        choices=Publicity,
        default=Publicity.ANONYMOUS,
    )
    opportunity = models.ForeignKey(
        AdvocacyOpportunity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("opportunity"),
    )
    status = models.CharField(_("status"), max_length=20, choices=StepStatus, default=StepStatus.PLANNED)
    reflection = models.TextField(_("reflection"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("advocacy step")
        verbose_name_plural = _("advocacy steps")
        indexes = [models.Index(fields=["plan", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(estimated_hours__gte=0), name="advocacy_step_hours_not_negative"),
        ]

    def __str__(self):
        return str(choice_label(self, "kind"))

    @property
    def client(self):
        return self.plan.client


class Decision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    SLOW_DOWN = "slow_down", _("Slow down")
    PAUSE = "pause", _("Pause")


BURNOUT_SIGNS = [
    ("sleep", _("Sleep is worse")),
    ("irritability", _("More irritable")),
    ("dread", _("Dread before advocacy tasks")),
    ("withdrawal", _("Pulling away from people")),
    ("symptoms", _("Symptoms returning")),
]


class AdvocacyReview(models.Model):
    """A periodic look at the pace: energy, wellbeing, signs of burnout, and a decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(AdvocacyPlan, on_delete=models.PROTECT, related_name="reviews")
    energy = models.PositiveSmallIntegerField(_("energy (0–10)"), validators=ZERO_TO_TEN)
    wellbeing = models.PositiveSmallIntegerField(_("wellbeing (0–10)"), validators=ZERO_TO_TEN)
    burnout_signs = models.JSONField(_("signs of burnout"), default=list, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision)
    notes = models.TextField(_("notes"), blank=True)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("advocacy review")
        verbose_name_plural = _("advocacy reviews")
        indexes = [models.Index(fields=["plan", "-created_at"])]

    def __str__(self):
        return f"Review {self.id}"

    @property
    def client(self):
        return self.plan.client

    def burnout_labels(self):
        labels = dict(BURNOUT_SIGNS)
        return [labels[sign] for sign in self.burnout_signs if sign in labels]


class StoryForm(models.TextChoices):
    OP_ED = "op_ed", _("Op-ed")
    TALK = "talk", _("Talk")
    FORUM_STATEMENT = "forum_statement", _("Forum statement")
    SOCIAL_POST = "social_post", _("Social media post")


class StoryDraft(models.Model):
    """A personal narrative turned into a public form; each save keeps a version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(AdvocacyPlan, on_delete=models.PROTECT, related_name="story_drafts")
    title = models.CharField(_("title"), max_length=200)
    form = models.CharField(_("form"), max_length=20, choices=StoryForm)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    text = models.TextField(pgettext_lazy("story draft", "text"), blank=True)
    consent_to_publicity = models.BooleanField(_("the client consents to being this public"), default=False)
    off_limits_checked = models.BooleanField(_("nothing from the topics off limits"), default=False)
    support_for_reactions = models.TextField(_("support plan for reactions"), blank=True)
    ready_to_publish_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("story draft")
        verbose_name_plural = _("story drafts")
        indexes = [models.Index(fields=["plan", "-updated_at"])]

    def __str__(self):
        return self.title

    @property
    def client(self):
        return self.plan.client

    @property
    def checklist_complete(self):
        return self.consent_to_publicity and self.off_limits_checked and bool(self.support_for_reactions.strip())


class StoryVersion(models.Model):
    """The text of a story draft as it was at one save."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(StoryDraft, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="story_version_number_once")]

    def __str__(self):
        return f"Version {self.number}"

    @property
    def client(self):
        return self.draft.plan.client
