"""The client's resilience portfolio: the empowerment plan, micro-goals, journal, milestones,
coping skills and stigma encounters. (Measures and the PDF export arrive in the next steps.)
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clients.access import ClientScopedQuerySet
from clients.models import Client, Shareable
from core.labels import choice_label

ZERO_TO_TEN = [MinValueValidator(0), MaxValueValidator(10)]


class SharedQuerySet(ClientScopedQuerySet):
    shared_field = "shared_with_client"

    def current(self):
        return self.filter(archived_at__isnull=True)


class ClientItem(Shareable):
    """Common fields of a portfolio item: its client, who made it, when, and a soft archive."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def clinic(self):
        return self.client.clinic


class EmpowermentPlan(ClientItem):
    client = models.OneToOneField(Client, on_delete=models.PROTECT, related_name="empowerment_plan")
    values = models.TextField(_("values"), blank=True, help_text=_("What matters most to the client, in their words."))
    strengths = models.TextField(_("strengths"), blank=True)
    long_term_goals = models.TextField(_("long-term goals"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("empowerment plan")

    def __str__(self):
        return str(_("Empowerment plan"))  # one per client: its kind names it (read out by share buttons)

    def get_absolute_url(self):
        return reverse("portfolio:home", kwargs={"client_id": self.client_id})


class ReframeQuerySet(ClientScopedQuerySet):
    client_field = "plan__client"
    shared_field = "plan__shared_with_client"


class Reframe(models.Model):
    """The client's old story told as a deficit and the new one told as a possibility, dated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(EmpowermentPlan, on_delete=models.PROTECT, related_name="reframes")
    old_story = models.TextField(_("the old story"), help_text=_("How the client told it as a deficit."))
    new_story = models.TextField(_("the new story"), help_text=_("The same story told as a possibility."))
    written_on = models.DateField(_("date"), default=timezone.localdate)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReframeQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-created_at"]
        indexes = [models.Index(fields=["plan", "-written_on"])]

    def __str__(self):
        return f"Reframe {self.id}"

    @property
    def client(self):
        return self.plan.client


class GoalCategory(models.TextChoices):
    JOURNALING = "journaling", _("Journaling")
    ASSERTIVE = "assertive_communication", _("Assertive communication")
    SELF_CARE = "self_care", _("Self-care")
    SOCIAL = "social_connection", _("Social connection")
    ADVOCACY = "advocacy", _("Advocacy")
    OTHER = "other", pgettext_lazy("micro-goal category", "Other")


class Cadence(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Once a week")
    WEEKDAYS = "weekdays", _("On chosen days")


class MicroGoal(ClientItem):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="micro_goals")
    title = models.CharField(_("micro-goal"), max_length=200, help_text=_("Small and concrete: one step, today."))
    category = models.CharField(_("category"), max_length=30, choices=GoalCategory)
    cadence = models.CharField(_("how often"), max_length=20, choices=Cadence, default=Cadence.DAILY)
    weekdays = models.JSONField(_("days"), default=list, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("micro-goal")
        indexes = [models.Index(fields=["client", "archived_at"])]

    def __str__(self):
        return self.title

    def is_due_on(self, day):
        if self.cadence == Cadence.WEEKDAYS:
            return day.weekday() in self.weekdays
        return True  # daily goals every day; a weekly goal can be done on any day of its week

    def streak(self, checked_days, today):
        """Consecutive periods (days, or weeks for weekly goals) done, counting back from today."""
        if self.cadence == Cadence.WEEKLY:
            weeks = {day - timedelta(days=day.weekday()) for day in checked_days}
            week = today - timedelta(days=today.weekday())
            if week not in weeks:
                week -= timedelta(days=7)
            count = 0
            while week in weeks:
                count, week = count + 1, week - timedelta(days=7)
            return count
        day = today if (today in checked_days or not self.is_due_on(today)) else today - timedelta(days=1)
        count = 0
        for _step in range(366):
            if self.is_due_on(day):
                if day not in checked_days:
                    break
                count += 1
            day -= timedelta(days=1)
        return count


class GoalCheckQuerySet(ClientScopedQuerySet):
    client_field = "goal__client"
    shared_field = "goal__shared_with_client"


class GoalCheck(models.Model):
    """A micro-goal done on a date (one row a day at most)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(MicroGoal, on_delete=models.PROTECT, related_name="checks")
    done_on = models.DateField(default=timezone.localdate)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = GoalCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-done_on"]
        constraints = [models.UniqueConstraint(fields=["goal", "done_on"], name="goal_check_once_a_day")]
        indexes = [models.Index(fields=["goal", "-done_on"])]

    def __str__(self):
        return f"{self.goal_id} {self.done_on}"

    @property
    def client(self):
        return self.goal.client


class EntryKind(models.TextChoices):
    VICTORY = "victory", _("Victory")
    REFLECTION = "reflection", _("Reflection")


class JournalQuerySet(ClientScopedQuerySet):
    # The journal is the client's own: they see every entry they wrote, and of the care team's entries
    # those shared with them. A private entry's text is for them alone (see JournalEntry.text_for).
    shared_field = None

    def reader_rule(self, queryset, user):
        if getattr(user, "role", None) == "client":
            queryset = queryset.filter(models.Q(author_id=user.pk) | models.Q(shared_with_client=True))
        return queryset

    def current(self):
        return self.filter(archived_at__isnull=True)


class JournalEntry(Shareable):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="journal_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind, default=EntryKind.VICTORY)
    text = models.TextField(_("entry"))
    private = models.BooleanField(
        _("private"), default=False, help_text=_("Private entries are for the client alone: no one else reads them.")
    )
    written_on = models.DateField(_("date"), default=timezone.localdate)
    archived_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = JournalQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-created_at"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [models.Index(fields=["client", "archived_at", "-written_on"])]

    def __str__(self):
        # Never the text (it may be private): its kind and day, as a person would name it.
        return _("Journal entry of %(date)s (%(kind)s)") % {
            "kind": choice_label(self, "kind"),
            "date": date_format(self.written_on, "DATE_FORMAT"),
        }

    @property
    def clinic(self):
        return self.client.clinic

    def text_for(self, user):
        """The text, or None when the entry is private and `user` is not its client."""
        if self.private and self.client.portal_user_id != getattr(user, "pk", None):
            return None
        return self.text


class Milestone(ClientItem):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    description = models.TextField(_("what it means"), blank=True)
    achieved_on = models.DateField(_("date"), default=timezone.localdate)

    class Meta:
        ordering = ["-achieved_on"]
        indexes = [models.Index(fields=["client", "archived_at", "-achieved_on"])]

    def __str__(self):
        return self.title


class CopingSkill(ClientItem):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="coping_skills")
    name = models.CharField(_("coping skill"), max_length=200)
    when_it_helps = models.TextField(_("when it helps"), blank=True)
    how_well = models.PositiveSmallIntegerField(
        _("how well it works (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)], default=3
    )

    class Meta:
        ordering = ["-how_well", "name"]
        indexes = [models.Index(fields=["client", "archived_at"])]

    def __str__(self):
        return self.name


class EncounterSetting(models.TextChoices):
    WORK = "work", _("Work")
    SCHOOL = "school", _("School")
    FAMILY = "family", _("Family")
    HEALTHCARE = "healthcare", _("Healthcare")
    COMMUNITY = "community", _("Community")
    ONLINE = "online", _("Online")
    MEDIA = "media", _("News or media")
    OTHER = "other", _("Somewhere else")


class DebriefedWith(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet")
    THERAPIST = "therapist", _("My therapist")
    PEER_GROUP = "peer_group", _("My peer group")


class StigmaEncounter(ClientItem):
    """A moment of stigma, what the client did, how it felt before and after, and what they learned."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="stigma_encounters")
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    setting = models.CharField(_("where"), max_length=20, choices=EncounterSetting)
    what_happened = models.TextField(_("what happened"))
    response = models.TextField(_("how I responded"), blank=True)
    distress_before = models.PositiveSmallIntegerField(_("distress before (0–10)"), validators=ZERO_TO_TEN)
    distress_after = models.PositiveSmallIntegerField(_("distress after (0–10)"), validators=ZERO_TO_TEN)
    debriefed_with = models.CharField(
        _("talked it over with"), max_length=20, choices=DebriefedWith, default=DebriefedWith.NOT_YET
    )
    learning = models.TextField(_("what I learned"), blank=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["client", "archived_at", "-occurred_on"])]

    def __str__(self):
        return _("Stigma encounter of %(date)s") % {"date": date_format(self.occurred_on, "DATE_FORMAT")}


class InstrumentWording(models.Model):
    """A clinic's licensed item wording for an instrument that ships without it (such as the ISMI-10)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="instrument_wordings")
    instrument = models.CharField(max_length=50)
    language = models.CharField(max_length=8)
    items = models.JSONField()
    # The wording file's optional parts in this language: "stem", "labels" (one per answer), "followup".
    extra = models.JSONField(default=dict, blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "instrument", "language"], name="one_wording_per_language")
        ]

    def __str__(self):
        return f"{self.instrument} ({self.language})"


class MeasureQuerySet(ClientScopedQuerySet):
    shared_field = None  # a client always sees their own measures and what they are asked to complete


class ScheduleCadence(models.TextChoices):
    ONCE = "once", _("Once, now")
    EVERY_WEEKS = "every_weeks", _("Every few weeks")
    BEFORE_SESSION = "before_session", _("Before each session")


class MeasureScheduleQuerySet(ClientScopedQuerySet):
    shared_field = None  # the client sees what they will be asked, and when

    def active(self):
        return self.filter(ended_at__isnull=True)


class MeasureSchedule(models.Model):
    """A standing request: the client is asked an instrument every N weeks, or before each scheduled session, until
    the therapist stops it. Each time makes a `MeasureAssignment` (portfolio/schedules.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="measure_schedules")
    instrument = models.CharField(max_length=50)
    cadence = models.CharField(_("how often"), max_length=20, choices=ScheduleCadence)
    every_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(26)]
    )
    next_due_on = models.DateField(_("next due"), null=True, blank=True)  # every N weeks: the next day it is asked
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = MeasureScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "instrument"], condition=models.Q(ended_at__isnull=True), name="one_active_schedule"
            )
        ]
        indexes = [
            models.Index(
                fields=["cadence", "next_due_on"], condition=models.Q(ended_at__isnull=True), name="schedule_due"
            )
        ]

    def __str__(self):
        return f"{self.instrument} schedule for {self.client_id}"

    @property
    def clinic(self):
        return self.client.clinic


MEASURE_OPEN_DAYS = 7  # a questionnaire asked every N weeks stays open this long (never past the next one)


class AssignmentQuerySet(MeasureQuerySet):
    def open(self):
        return self.filter(completed_at__isnull=True, missed_at__isnull=True)


class MeasureAssignment(models.Model):
    """A questionnaire the client is asked to complete in the portal: once, or one time of a schedule. Open until it
    is answered or its `closes_on` day has passed, then marked missed (never asked again: the schedule asks anew)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="measure_assignments")
    instrument = models.CharField(max_length=50)
    schedule = models.ForeignKey(
        MeasureSchedule, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    session = models.ForeignKey(
        "clients.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="measure_assignments"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)  # the last day it can be answered; none: open until answered
    completed_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at"]
        indexes = [
            models.Index(fields=["client", "completed_at"]),
            models.Index(
                fields=["closes_on"],
                condition=models.Q(completed_at__isnull=True, missed_at__isnull=True),
                name="assignment_open_closes",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "instrument"], condition=models.Q(session__isnull=False), name="one_per_session"
            )
        ]

    def __str__(self):
        return f"{self.instrument} for {self.client_id}"

    @property
    def clinic(self):
        return self.client.clinic


class MeasureResponse(models.Model):
    """One completed questionnaire: the answers, and the scores computed from the definition."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="measure_responses")
    instrument = models.CharField(max_length=50)
    instrument_version = models.CharField(max_length=20)
    answers = models.JSONField()
    total = models.DecimalField(max_digits=7, decimal_places=2)
    subscales = models.JSONField(default=dict)
    band = models.JSONField(default=dict)
    prorated = models.BooleanField(default=False)  # some items unanswered; the total follows the published rule
    assignment = models.OneToOneField(
        MeasureAssignment, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["completed_at"]
        indexes = [models.Index(fields=["client", "instrument", "completed_at"])]

    def __str__(self):
        return f"{self.instrument} {self.completed_at:%Y-%m-%d}"

    @property
    def clinic(self):
        return self.client.clinic


class SharedMeasureQuerySet(ClientScopedQuerySet):
    shared_field = None  # the client sees which of their charts are shared with them


class SharedMeasure(models.Model):
    """The therapist shared an instrument's chart with the client: they see their results of it in the portal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="shared_measures")
    instrument = models.CharField(max_length=50)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)

    objects = SharedMeasureQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "instrument"], name="one_share_per_instrument")]

    def __str__(self):
        return f"{self.instrument} shared with {self.client_id}"

    @property
    def clinic(self):
        return self.client.clinic


CHART_EVENT_LABEL_MAX = 80


class ChartEventQuerySet(ClientScopedQuerySet):
    shared_field = None  # the client's own markers: theirs, and seen by the care team on the charts


class ChartEvent(models.Model):
    """A marker the client puts on their own charts ("started a new job"): what happened in their life, and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="chart_events")
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    label = models.CharField(_("what happened"), max_length=CHART_EVENT_LABEL_MAX)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ChartEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "created_at"]
        indexes = [models.Index(fields=["client", "occurred_on"])]

    def __str__(self):
        return self.label

    @property
    def clinic(self):
        return self.client.clinic


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being made")
    READY = "ready", pgettext_lazy("export status", "Ready")
    FAILED = "failed", _("Could not be made")
    EXPIRED = "expired", _("Expired")


class ExportAudience(models.TextChoices):
    CLIENT = "client", _("For the client: only what is shared with them")
    CARE_TEAM = "care_team", _("For the care team: everything, not to be handed to the client")


class ExportQuerySet(ClientScopedQuerySet):
    def reader_rule(self, queryset, user):
        # A client sees the exports they asked for themselves; the care team sees the client's others.
        # An export holding the client's private journal text is the client's alone (docs/rules.md).
        if getattr(user, "role", None) == "client":
            return queryset.filter(requested_by=user)
        return queryset.exclude(holds_private_text=True)


class PortfolioExport(models.Model):
    """A PDF of the portfolio: asked for on the web, made by a Celery task, kept for a week."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="portfolio_exports")
    sections = models.JSONField()
    language = models.CharField(max_length=8)
    audience = models.CharField(max_length=20, choices=ExportAudience, default=ExportAudience.CLIENT)
    # The client's private journal text is (or may be, while it is being made) in the file.
    holds_private_text = models.BooleanField(default=False)
    # "kind:id" of each shared item the file holds, so unsharing one withdraws it; null: not recorded.
    shared_items = models.JSONField(null=True, blank=True, default=list)
    # The cover the client chose for their own PDF (a keepsake): a title and a few words, in their voice.
    cover_title = models.CharField(_("title for the cover"), max_length=80, blank=True)
    cover_words = models.CharField(_("words for the cover"), max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=ExportStatus, default=ExportStatus.QUEUED)
    error = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["client", "-created_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self):
        return f"Export {self.id}"

    @property
    def clinic(self):
        return self.client.clinic

    @property
    def in_progress(self):
        return self.status in (ExportStatus.QUEUED, ExportStatus.RENDERING)

    @property
    def withdrawn(self):
        """Expired early because an item in it has since been unshared (portfolio.exporting.WITHDRAWN)."""
        return self.status == ExportStatus.EXPIRED and self.error == "unshared"

    @property
    def failure_message(self):
        """What the person is told about a failed export: what happened to them, and what to do."""
        if self.error == "no_space":  # portfolio.exporting.NO_SPACE
            return _(
                "There was no room left to store the PDF. Nothing in the portfolio was changed. "
                "Please ask for it again later, and tell your clinic if it happens again."
            )
        return _(
            "Something went wrong while making the PDF. Nothing in the portfolio was changed. Please ask for it again."
        )
