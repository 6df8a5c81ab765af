"""The client record every plan hangs from, and the care team around it."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Language

from .access import ClientScopedQuerySet, clinical_client_filter

# The longest free text a note may hold: generous for a session, short of abuse.
NOTE_MAX_LENGTH = 10_000


class ClientStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISCHARGED = "discharged", _("Discharged")


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clients whose clinical record this user may open (clients/access.py decides)."""
        return self.filter(clinical_client_filter(user))


class Client(models.Model):
    """A person the clinic works with. Every page shows the preferred name; the legal name is for records."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(
        "clinics.Clinic", on_delete=models.PROTECT, related_name="clients", verbose_name=_("clinic")
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    preferred_name = models.CharField(
        _("preferred name"), max_length=200, blank=True, help_text=_("The name every page shows.")
    )
    pronouns = models.CharField(_("pronouns"), max_length=60, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)

    # Communication preferences: which channels the client allows, and which are safe to use.
    allow_email = models.BooleanField(_("email"), default=False)
    allow_text = models.BooleanField(_("text message"), default=False)
    allow_phone = models.BooleanField(_("phone call"), default=False)
    allow_in_app = models.BooleanField(_("in the portal"), default=True)
    email_is_safe = models.BooleanField(
        _("email is safe to use"), default=False, help_text=_("No one else reads this inbox who should not.")
    )
    text_is_safe = models.BooleanField(
        _("text messages are safe to use"), default=False, help_text=_("No one else sees this phone who should not.")
    )
    quiet_hours_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    discreet_wording = models.BooleanField(
        _("discreet wording"),
        default=True,
        help_text=_("Messages say only that there is an update, with no details about care or plans."),
    )
    communication_reviewed_at = models.DateTimeField(null=True, blank=True)

    cultural_considerations = models.TextField(_("cultural considerations"), blank=True)
    # Identities the client chooses to record, in their own words; every one is optional.
    identity_race_ethnicity = models.CharField(_("race or ethnicity"), max_length=200, blank=True)
    identity_gender = models.CharField(_("gender"), max_length=200, blank=True)
    identity_sexuality = models.CharField(_("sexuality"), max_length=200, blank=True)
    identity_disability = models.CharField(_("disability"), max_length=200, blank=True)
    identity_faith = models.CharField(_("faith or spirituality"), max_length=200, blank=True)
    identity_other = models.CharField(_("other identities"), max_length=500, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)

    status = models.CharField(_("status"), max_length=20, choices=ClientStatus, default=ClientStatus.ACTIVE)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The reminders a discharge paused (ids, filled by the reminders app's hook): re-opening resumes these
    # and no others, so a reminder paused for another reason stays paused.
    paused_by_discharge = models.JSONField(default=list, blank=True, editable=False)
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
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
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
            # The clinic's clients by name, with their ids in the index: the audit log's client list of a
            # thousand reads straight from it, already sorted (0.34 ms instead of 1.2 ms with a sort).
            models.Index(fields=["clinic", "preferred_name", "legal_name"], include=["id"], name="client_clinic_names"),
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

    @property
    def is_active(self):
        return self.status == ClientStatus.ACTIVE

    def intake_missing(self):
        """The parts of the intake not filled in yet, as labels; an incomplete intake blocks nothing."""
        checks = [
            (self.pronouns, _("pronouns")),
            (self.date_of_birth, _("date of birth")),
            (self.communication_reviewed_at, _("communication preferences")),
            (self.strengths, _("strengths")),
            (self.accessibility_needs or self.cultural_considerations, _("accessibility and cultural needs")),
        ]
        return [label for value, label in checks if not value]


class Shareable(models.Model):
    """The "shared with client" switch (docs/rules.md, "Who may see what"): off by default, with who turned it on
    and when."""

    shared_with_client = models.BooleanField(_("shared with client"), default=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


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


class Relationship(models.TextChoices):
    FAMILY = "family", _("Family")
    PARTNER = "partner", _("Partner")
    FRIEND = "friend", _("Friend")
    COWORKER = "coworker", _("Coworker or manager")
    TEACHER = "teacher", _("Teacher or school staff")
    COMMUNITY_LEADER = "community_leader", _("Community or faith leader")
    PEER = "peer", _("Peer with lived experience")
    OTHER = "other", _("Other")


class Awareness(models.TextChoices):
    NOTHING = "nothing", _("Knows nothing yet")
    A_LITTLE = "a_little", _("Knows a little")
    SOME = "some", _("Knows some")
    MOST = "most", _("Knows most or all")


class AllyStage(models.TextChoices):
    POTENTIAL = "potential", _("Potential ally")
    APPROACHED = "approached", pgettext_lazy("ally path stage", "Approached")  # of a person: no gendered adjective
    ALLY = "ally", _("Ally")


class SupportPersonQuerySet(ClientScopedQuerySet):
    shared_field = "shared_with_client"

    def current(self):
        return self.filter(archived_at__isnull=True)


class SupportPerson(Shareable):
    """Someone in the client's life, and where they stand on the path to becoming an ally."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="support_people")
    name = models.CharField(_("name"), max_length=200, help_text=_("A first name or a nickname is enough."))
    relationship = models.CharField(_("relationship"), max_length=30, choices=Relationship)
    relationship_detail = models.CharField(
        _("in the client's words"), max_length=200, blank=True, help_text=_("For example: older sister, shift lead.")
    )
    awareness = models.CharField(_("how much they know"), max_length=20, choices=Awareness, default=Awareness.NOTHING)
    ally_stage = models.CharField(
        _("place on the ally path"), max_length=20, choices=AllyStage, default=AllyStage.POTENTIAL
    )
    conversation_script = models.TextField(
        _("conversation script"),
        blank=True,
        help_text=_("What the client wants to say when talking with this person about mental health."),
    )
    role_play_notes = models.TextField(_("role-play notes"), blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupportPersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("support person")
        verbose_name_plural = _("support people")
        indexes = [models.Index(fields=["client", "archived_at", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clients:support_person_edit", kwargs={"client_id": self.client_id, "person_id": self.pk})

    @property
    def clinic(self):
        return self.client.clinic


SAFETY_PLAN_REVIEW_DAYS = 30  # a safety plan not reviewed for longer is flagged for review


class SafetyPlanQuerySet(ClientScopedQuerySet):
    shared_field = None  # always visible to its client: made with them, for them


class SafetyPlan(models.Model):
    """A safety plan in the order of the Stanley–Brown safety planning intervention, in our own words."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(Client, on_delete=models.PROTECT, related_name="safety_plan")
    warning_signs = models.TextField(_("Warning signs"), blank=True)
    coping_on_my_own = models.TextField(_("Things I can do on my own"), blank=True)
    distraction_people_places = models.TextField(_("People and places that take my mind off things"), blank=True)
    people_to_ask = models.TextField(_("People I can ask for help"), blank=True)
    professionals = models.TextField(_("Professionals and services I can contact"), blank=True)
    safe_environment = models.TextField(_("Making my surroundings safer"), blank=True)
    reasons_for_living = models.TextField(_("What matters most to me and is worth living for"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SafetyPlanQuerySet.as_manager()

    # The sections in the order of the intervention, each with help text in our own words.
    SECTIONS = [
        ("warning_signs", _("Thoughts, feelings, situations or behaviour that tell me a crisis may be starting.")),
        ("coping_on_my_own", _("Things I can do by myself to take my mind off problems, without contacting anyone.")),
        ("distraction_people_places", _("People and social places that help me feel better or distract me.")),
        ("people_to_ask", _("People I trust and can ask for help, with how to reach them.")),
        (
            "professionals",
            _("My therapist, other professionals and services. The clinic's crisis lines are added below."),
        ),
        ("safe_environment", _("Steps that make my surroundings safer, such as keeping means of harm away.")),
        ("reasons_for_living", _("The people, hopes and things that matter most to me.")),
    ]

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def __str__(self):
        return f"Safety plan {self.id}"

    def get_absolute_url(self):
        return reverse("clients:safety_plan", kwargs={"client_id": self.client_id})

    @property
    def clinic(self):
        return self.client.clinic

    def sections(self):
        """(field, heading, help text, value) for each section, in order."""
        return [
            (name, self._meta.get_field(name).verbose_name, help_text, getattr(self, name))
            for name, help_text in self.SECTIONS
        ]

    def needs_review(self, now=None):
        """True when the plan has not been reviewed in the last SAFETY_PLAN_REVIEW_DAYS days."""
        now = now or timezone.now()
        last = self.reviewed_at or self.created_at
        return now - last > timezone.timedelta(days=SAFETY_PLAN_REVIEW_DAYS)


class RelapseRisk(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class AdvocacyLoad(models.TextChoices):
    OK = "ok", _("Manageable")
    TOO_MUCH = "too_much", _("Too much")


class CheckInQuerySet(ClientScopedQuerySet):
    hidden_from_client = True  # session records are for the care team, never shown in the portal


class CheckIn(models.Model):
    """A short structured record of one session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="check_ins")
    session_date = models.DateField(_("session date"), default=timezone.localdate)
    wellbeing = models.PositiveSmallIntegerField(
        _("wellbeing (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    stigma_encounters = models.PositiveSmallIntegerField(
        _("stigma encounters since last time"), default=0, validators=[MaxValueValidator(99)]
    )
    relapse_risk = models.CharField(_("relapse risk"), max_length=10, choices=RelapseRisk)
    safety_plan_reviewed = models.BooleanField(_("safety plan reviewed"), default=False)
    advocacy_load = models.CharField(_("advocacy load"), max_length=10, choices=AdvocacyLoad, default=AdvocacyLoad.OK)
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-session_date", "-created_at"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["client", "-session_date", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(wellbeing__lte=10), name="check_in_wellbeing_0_to_10"),
        ]

    def __str__(self):
        return f"Check-in {self.id}"

    @property
    def clinic(self):
        return self.client.clinic


class EmergencyAccessQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at, ended_early_at__isnull=True)


class EmergencyAccess(models.Model):
    """A clinic admin's time-limited, reasoned, audited access to one client's record (clients/emergency.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    admin = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="emergency_accesses")
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    ended_early_at = models.DateTimeField(null=True, blank=True)

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        db_table = "accounts_emergencyaccess"  # moved from accounts with its table, index and rows (issue 22)
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["admin", "ends_at"], name="accounts_em_admin_i_163e82_idx")]

    def __str__(self):
        return f"Emergency access {self.id}"

    @property
    def clinic(self):
        return self.client.clinic


class FormDraft(models.Model):
    """What a staff member is typing in a record's form, saved every few seconds (clients/drafts.py).

    One per person and form page; offered back when they open the form again, deleted when the form is saved or
    they discard it, and not kept past DRAFT_DAYS. Only its author ever sees it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=300)  # the form's address, such as /clients/<id>/check-ins/new/
    fields = models.JSONField(default=dict)  # name -> [values], as the form would post them
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="one_draft_per_form")]

    def __str__(self):
        return f"Draft {self.id}"


# --- The care loop between sessions (issue 24): what the client did, what needs attention, sessions, messages ---


class ActivityKind(models.TextChoices):
    """What a client did in the portal, as the care team's "since the last session" feed names it."""

    ENCOUNTER = "encounter", _("Logged a stigma encounter")
    VICTORY = "victory", _("Logged a victory")
    JOURNAL = "journal", _("Wrote a journal entry")
    JOURNAL_PRIVATE = "journal_private", _("Wrote a private entry")
    GOAL_TICK = "goal_tick", _("Ticked off a micro-goal")
    MEASURE = "measure", _("Answered a questionnaire")
    CONSENT_GIVEN = "consent_given", _("Gave consent to a peer referral")
    CONSENT_DECLINED = "consent_declined", _("Declined a peer referral")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Withdrew consent to a peer referral")
    ADVOCACY_STEP_DONE = "advocacy_step_done", _("Finished an advocacy step")
    ADVOCACY_REVIEW = "advocacy_review", _("Answered an advocacy review")
    DEBRIEF = "debrief", _("Reflected on a disclosure")
    FEEDBACK = "feedback", _("Sent feedback to the clinic")
    MESSAGE = "message", _("Sent a message")


class ActivityQuerySet(ClientScopedQuerySet):
    hidden_from_client = True  # the care team's view of what the client did; the client has the things themselves


class Activity(models.Model):
    """One thing a client did in the portal, for the care team's feed (clients/attention.py writes it).

    It holds no free text of the client's: the kind, a few structured facts (a distress rating, a review's
    decision, a questionnaire's band) and a link to the item on the staff side, where its own rules apply (a
    private journal entry has none). The feed shows it in the reader's language from the kind.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(max_length=30, choices=ActivityKind)
    facts = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)  # a staff page of the item, inside the product
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("client activity")
        verbose_name_plural = _("client activity")
        indexes = [models.Index(fields=["client", "-created_at"], name="activity_client_recent")]

    def __str__(self):
        return f"Activity {self.id}"

    @property
    def clinic(self):
        return self.client.clinic


class FlagRule(models.TextChoices):
    """The attention rules (clients/attention.py); each clinic tunes them (AttentionSettings)."""

    HIGH_DISTRESS = "high_distress", _("A stigma encounter with high distress")
    PAUSE_REQUESTED = "pause_requested", _("Asked to pause advocacy, or symptoms returning")
    DEBRIEF_WENT_BADLY = "debrief_went_badly", _("A disclosure that went badly")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    MEASURE_WORSE = "measure_worse", _("A questionnaire in a worse band")
    NO_ACTIVITY = "no_activity", _("No portal activity while goals are active")
    # Always on: a questionnaire's safety item (the PHQ-9's item 9) answered above "not at all".
    SAFETY_ITEM = "safety_item", _("Thoughts of self-harm reported on a questionnaire")


FLAG_NOTE_MAX_LENGTH = 2_000  # what a therapist notes on acknowledging a flag


class FlagQuerySet(ClientScopedQuerySet):
    hidden_from_client = True  # for the care team

    def open(self):
        return self.filter(acknowledged_at__isnull=True)


class Flag(models.Model):
    """Something the client did (or stopped doing) that a therapist should look at. It never blocks anything;
    a therapist acknowledges it, with a note if they like, and that is audited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="flags")
    rule = models.CharField(max_length=30, choices=FlagRule)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    facts = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(FLAG_NOTE_MAX_LENGTH)])

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("attention flag")
        verbose_name_plural = _("attention flags")
        indexes = [models.Index(fields=["client", "acknowledged_at"], name="flag_client_open")]

    def __str__(self):
        return f"Flag {self.id}"

    @property
    def clinic(self):
        return self.client.clinic

    @property
    def is_open(self):
        return self.acknowledged_at is None


class AttentionSettings(models.Model):
    """A clinic's attention rules: on or off, and their thresholds (clinic admins change them)."""

    clinic = models.OneToOneField("clinics.Clinic", on_delete=models.CASCADE, related_name="attention_settings")
    high_distress_on = models.BooleanField(_("flag a stigma encounter with high distress"), default=True)
    high_distress_at_least = models.PositiveSmallIntegerField(
        _("distress at or above (0–10)"), default=8, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    pause_requested_on = models.BooleanField(
        _("flag an advocacy review asking to pause or reporting symptoms returning"), default=True
    )
    debrief_went_badly_on = models.BooleanField(_("flag a disclosure debrief that went badly"), default=True)
    consent_withdrawn_on = models.BooleanField(_("flag a withdrawn consent"), default=True)
    measure_worse_on = models.BooleanField(_("flag a questionnaire answered in a worse band"), default=True)
    no_activity_on = models.BooleanField(_("flag no portal activity while micro-goals are active"), default=True)
    no_activity_days = models.PositiveSmallIntegerField(
        _("days without portal activity"), default=14, validators=[MinValueValidator(3), MaxValueValidator(90)]
    )
    email_staff = models.BooleanField(
        _("also email the therapist (discreet: no client name, no clinical words)"), default=True
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attention rules")
        verbose_name_plural = _("attention rules")

    def __str__(self):
        return f"Attention rules {self.pk}"


class SessionModality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", pgettext_lazy("a session", "Cancelled")  # in Spanish it agrees with "sesión"
    NOT_ATTENDED = "not_attended", _("Did not take place")


class SessionQuerySet(ClientScopedQuerySet):
    shared_field = None  # the client sees their own sessions (time, place, link), never the agenda

    def upcoming(self, now=None):
        return self.filter(status=SessionStatus.SCHEDULED, starts_at__gte=now or timezone.now())


class Session(models.Model):
    """A scheduled or held session with the client, and its agenda (drafted from the feed and open flags)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="sessions")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("with")
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), default=50, validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    modality = models.CharField(_("how"), max_length=20, choices=SessionModality, default=SessionModality.IN_PERSON)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus, default=SessionStatus.SCHEDULED)
    agenda = models.TextField(_("agenda"), blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [
            models.Index(fields=["client", "status", "-starts_at"], name="session_client_time"),
            models.Index(fields=["status", "starts_at"], name="session_due"),
        ]

    def __str__(self):
        return f"Session {self.id}"

    @property
    def clinic(self):
        return self.client.clinic

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)


class MessageThreadQuerySet(ClientScopedQuerySet):
    shared_field = None  # the client reads whether messaging is on, and the reason when it is not


class MessageThread(models.Model):
    """A client's one thread with their care team: whether messaging is on, and if not, why (shown to them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(Client, on_delete=models.PROTECT, related_name="message_thread")
    enabled = models.BooleanField(default=True)
    off_reason = models.CharField(
        _("reason, shown to the client"), max_length=300, blank=True, validators=[MaxLengthValidator(300)]
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = MessageThreadQuerySet.as_manager()

    def __str__(self):
        return f"Message thread {self.id}"

    @property
    def clinic(self):
        return self.client.clinic


MESSAGE_MAX_LENGTH = 4_000


class MessageQuerySet(ClientScopedQuerySet):
    shared_field = None  # the thread is between the client and the care team: both sides read all of it

    def unread_by_staff(self):
        return self.filter(from_client=True, read_at__isnull=True)

    def unread_by_client(self):
        return self.filter(from_client=False, read_at__isnull=True)


class Message(models.Model):
    """One plain-text message in a client's thread with the care team (no attachments)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_client = models.BooleanField(default=False)
    body = models.TextField(_("message"), validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    # When the other side first opened the thread with this message in it (the care team as one: any member).
    read_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["client", "created_at"], name="message_client_time"),
            models.Index(
                fields=["client"],
                condition=models.Q(from_client=True, read_at__isnull=True),
                name="message_unread_by_staff",
            ),
        ]

    def __str__(self):
        return f"Message {self.id}"

    @property
    def clinic(self):
        return self.client.clinic
