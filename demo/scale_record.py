"""One client's record for `manage.py seed_scale`: the client, and every section of their record.

Rows follow the rules the services keep: a plan's `version` counts its status changes and edits, a referral is
shown to the client once their consent is asked for, consent comes before an introduction, a withdrawal clears
what may be shared, a reflected disclosure plan has a debrief, a paused advocacy plan was paused at its latest
review, what a client writes in the portal is theirs, and only portal clients have anything shared with them.
"""

import datetime
import unicodedata
from collections import namedtuple
from decimal import Decimal

from accounts.models import Role
from advocacy.models import (
    BURNOUT_SIGNS,
    PUBLICITY_ORDER,
    AdvocacyPlan,
    AdvocacyReview,
    AdvocacyStep,
    Decision,
    Focus,
    PlanStatus,
    StepKind,
    StepStatus,
    StoryDraft,
    StoryForm,
    StoryVersion,
)
from clients.models import (
    Activity,
    ActivityKind,
    AdvocacyLoad,
    AllyStage,
    Awareness,
    CareTeamMember,
    CheckIn,
    Client,
    ClientStatus,
    Flag,
    FlagRule,
    Message,
    RelapseRisk,
    Relationship,
    SafetyPlan,
    Session,
    SessionModality,
    SessionStatus,
    SupportPerson,
)
from disclosure.models import (
    STATUS_ORDER,
    Debrief,
    DisclosureLevel,
    DisclosurePlan,
    DisclosureSetting,
    Outcome,
    Reaction,
    Rehearsal,
)
from disclosure.models import StatusChange as DisclosureStatusChange
from grievances.models import Grievance, GrievanceKind, GrievanceStatus
from peers.consent import CURRENT_VERSION
from peers.models import (
    ENDINGS_NEEDING_A_REASON,
    ConsentMethod,
    PeerReferral,
    ReferralStatus,
    ReferralStatusChange,
    SharedDetail,
)
from reminders.models import ReminderKind, ReminderStatus

from . import scale_texts as T  # noqa: N812 (the text bank, read as T.NAME in many places)
from .scale_portfolio import PortfolioSections, label

Seeded = namedtuple("Seeded", "client_id portal_user")

AUDIT_PER_CLIENT = 8  # events that name the client, on average
S, A, C, INTRO, AT = "suggested", "awaiting_consent", "consented", "introduced", "attending"
# Referral histories as the services allow them: consent is asked for (portal) or given in session (verbal).
PORTAL_PATHS = [
    ([S], 10),
    ([S, A], 20),
    ([S, A, C], 12),
    ([S, A, C, INTRO], 10),
    ([S, A, C, INTRO, AT], 15),
    ([S, A, C, INTRO, AT, "completed"], 10),
    ([S, A, "declined"], 8),
    ([S, "not_a_fit"], 5),
    ([S, A, C, INTRO, "withdrawn"], 7),
]
SESSION_PATHS = [
    ([S], 15),
    ([S, C], 15),
    ([S, C, INTRO], 12),
    ([S, C, INTRO, AT], 18),
    ([S, C, INTRO, AT, "completed"], 12),
    ([S, "declined"], 8),
    ([S, "not_a_fit"], 8),
    ([S, C, INTRO, "withdrawn"], 7),
]
ENDED = {ReferralStatus.COMPLETED, *ENDINGS_NEEDING_A_REASON}


class ClientRecord(PortfolioSections):
    """Makes one client and their record through the seeder `s`; `seed()` returns what the clinic needs later."""

    def __init__(self, seeder, position):
        self.s = seeder
        self.position = position
        self.events = []  # (actor, action, when, object, path, detail) of what was made, for the audit trail
        self.views = []  # (actor, action, object, path) of pages this client's record has

    def seed(self):
        s = self.s
        self.therapist = s.therapists[self.position % len(s.therapists)]
        self.team = [self.therapist]
        self.since = s.rng.randint(30, 365)  # days since the client joined the clinic
        self.make_client()
        self.care_team()
        self.support_people()
        self.safety_plan()
        self.check_ins()
        for _ in range(s.pick([0, 1, 1, 1, 2])):
            self.disclosure_plan()
        if s.chance(0.5):
            self.advocacy_plan()
        self.referrals()
        self.portfolio()
        self.measures()
        self.reminders()
        if self.portal_user and s.chance(0.1):
            self.grievance()
        self.care_loop()
        self.audit()
        return Seeded(self.client.id, self.portal_user)

    # Small helpers.

    @property
    def url(self):
        return f"/clients/{self.client.id}/"

    def writer(self):
        """Who on the care team wrote a row: mostly the primary therapist."""
        s = self.s
        return self.team[-1] if len(self.team) > 1 and s.chance(0.15) else self.therapist

    def made(self, action, when, obj=None, path="", detail=None, actor=None):
        self.events.append((actor or self.therapist, action, when, obj, path or self.url, detail or {}))

    def shared_fields(self, probability, when):
        """The "shared with client" switch: on, by the therapist, for a portal client now and then."""
        if self.portal_user and self.s.chance(probability):
            return {"shared_with_client": True, "shared_by": self.therapist, "shared_at": when}
        return {}

    # The client.

    def make_client(self):
        s = self.s
        first, last = s.pick(T.FIRST_NAMES), s.pick(T.LAST_NAMES)
        spanish = s.chance(0.6 if s.clinic.default_language == "es" else 0.12)
        language = "es" if spanish else "en"
        portal = self.position % 4 == 0
        discharged = not portal and s.chance(0.12)
        self.portal_user = None
        if portal:
            s.portal_count += 1
            email = f"client{s.portal_count:05d}@{s.domain}"
            last_login = s.rng.randint(1, 30) if s.chance(0.85) else 0
            self.portal_user = s.user(
                email, Role.CLIENT, full_name=first, language=language, last_login_days=last_login
            )
        allow_email = s.chance(0.6)
        age = s.rng.randint(18, 75)
        created = s.at(self.since)
        quiet = s.chance(0.3)
        self.client = s.add(
            Client(
                id=s.uid(),
                clinic=s.clinic,
                legal_name=f"{first} {last}",
                preferred_name=first if s.chance(0.8) else "",
                pronouns=s.pick(T.PRONOUNS),
                date_of_birth=datetime.date(s.today.year - age, s.rng.randint(1, 12), s.rng.randint(1, 28)),
                preferred_language=language,
                email=self.portal_user.email if portal else self.contact_email(first, last, allow_email),
                phone=f"555-01{s.rng.randint(0, 99):02d}" if s.chance(0.8) else "",
                allow_email=allow_email,
                allow_text=s.chance(0.5),
                allow_phone=s.chance(0.5),
                email_is_safe=allow_email and s.chance(0.7),
                text_is_safe=s.chance(0.4),
                quiet_hours_start=datetime.time(21, 0) if quiet else None,
                quiet_hours_end=datetime.time(8, 0) if quiet else None,
                discreet_wording=s.chance(0.85),
                communication_reviewed_at=created if s.chance(0.8) else None,
                cultural_considerations=s.pick(T.CULTURE) if s.chance(0.3) else "",
                identity_race_ethnicity=s.pick(T.IDENTITY_ETHNICITY) if s.chance(0.4) else "",
                identity_gender=s.pick(T.IDENTITY_GENDER) if s.chance(0.4) else "",
                identity_disability=s.pick(T.IDENTITY_DISABILITY) if s.chance(0.2) else "",
                accessibility_needs=s.pick(T.ACCESSIBILITY) if s.chance(0.3) else "",
                strengths=s.pick(T.STRENGTHS) if s.chance(0.85) else "",
                status=ClientStatus.DISCHARGED if discharged else ClientStatus.ACTIVE,
                status_changed_at=s.at(s.rng.randint(1, 20)) if discharged else None,
                primary_therapist=self.therapist,
                portal_user=self.portal_user,
                version=s.rng.randint(1, 3),
                created_at=created,
                updated_at=s.at(s.rng.randint(1, self.since)),
            )
        )
        self.made("client.create", created, (label(Client), self.client.id), "/clients/new/")
        self.views += [
            (None, "client.overview.view", None, self.url),
            (None, "check_ins.view", None, f"{self.url}check-ins/"),
            (None, "support_network.view", None, f"{self.url}support-network/"),
            (None, "portfolio.view", None, f"{self.url}portfolio/"),
            (None, "measures.view", None, f"{self.url}portfolio/measures/"),
        ]
        if self.portal_user:
            self.views += [
                (self.portal_user, "portal.home.view", None, "/portal/"),
                (self.portal_user, "portal.journal.view", None, "/portal/journal/"),
                (self.portal_user, "portal.safety_plan.view", None, "/portal/safety-plan/"),
            ]

    # The care loop (issue 24): sessions, what a portal client did between them, flags and the message thread.

    def care_loop(self):
        s = self.s
        weeks = min(self.since // 7, 10)
        for week in range(weeks, 0, -1):  # about weekly, most of them held
            if s.chance(0.6):
                when = s.at(week * 7)
                s.add(
                    Session(
                        id=s.uid(),
                        client=self.client,
                        therapist=self.therapist,
                        starts_at=when,
                        modality=s.pick([SessionModality.IN_PERSON, SessionModality.VIDEO, SessionModality.PHONE]),
                        status=SessionStatus.HELD if s.chance(0.85) else SessionStatus.CANCELLED,
                        agenda=s.pick(T.CHECK_IN_NOTES) if s.chance(0.5) else "",
                        created_by=self.therapist,
                        created_at=when - datetime.timedelta(days=7),
                    )
                )
        if self.client.status == ClientStatus.ACTIVE and s.chance(0.7):
            when = s.at(-s.rng.randint(1, 7))
            s.add(
                Session(
                    id=s.uid(),
                    client=self.client,
                    therapist=self.therapist,
                    starts_at=when,
                    modality=SessionModality.VIDEO,
                    video_link="https://video.example.org/room",
                    created_by=self.therapist,
                    created_at=s.at(1),
                )
            )
        if not self.portal_user:
            return
        kinds = [ActivityKind.GOAL_TICK] * 6 + [ActivityKind.JOURNAL, ActivityKind.VICTORY, ActivityKind.ENCOUNTER]
        for days in s.some_days(min(self.since, 60), s.rng.randint(4, 20)):
            kind = s.pick(kinds)
            facts = {}
            if kind == ActivityKind.ENCOUNTER:
                facts = {"distress_before": s.rng.randint(2, 10), "distress_after": s.rng.randint(1, 7)}
            activity = s.add(Activity(id=s.uid(), client=self.client, kind=kind, facts=facts, created_at=s.at(days)))
            if facts and facts["distress_before"] >= 8:
                acknowledged = s.chance(0.7)
                s.add(
                    Flag(
                        id=s.uid(),
                        client=self.client,
                        rule=FlagRule.HIGH_DISTRESS,
                        activity=activity,
                        facts=facts,
                        raised_at=activity.created_at,
                        acknowledged_at=activity.created_at + datetime.timedelta(days=1) if acknowledged else None,
                        acknowledged_by=self.therapist if acknowledged else None,
                    )
                )
        for number, days in enumerate(s.some_days(min(self.since, 90), s.rng.randint(0, 6))):
            from_client = number % 2 == 0
            s.add(
                Message(
                    id=s.uid(),
                    client=self.client,
                    author=self.portal_user if from_client else self.therapist,
                    from_client=from_client,
                    body=s.pick(T.CHECK_IN_NOTES),
                    read_at=s.at(days - 1) if days > 1 or s.chance(0.5) else None,
                    created_at=s.at(days),
                )
            )

    def contact_email(self, first, last, allowed):
        if not allowed:
            return ""
        local = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode().lower()
        return f"{local}@mail.{self.s.domain}"

    def care_team(self):
        s = self.s
        count = len(s.therapists)
        if count < 2 or not s.chance(0.15):
            return
        colleague = s.therapists[(self.position + 1 + s.rng.randrange(count - 1)) % count]
        when = s.at(s.rng.randint(1, self.since))
        member = s.add(
            CareTeamMember(id=s.uid(), client=self.client, user=colleague, added_by=self.therapist, added_at=when)
        )
        self.team.append(colleague)
        self.made(
            "care_team.add",
            when,
            (label(CareTeamMember), member.id),
            f"{self.url}care-team/",
            {"user": str(colleague.id)},
        )

    def support_people(self):
        s = self.s
        self.people = []
        for _ in range(s.pick([1, 2, 2, 3])):
            relationship = s.pick(Relationship.values)
            days = s.rng.randint(1, self.since)
            created = s.at(days)
            person = s.add(
                SupportPerson(
                    id=s.uid(),
                    client=self.client,
                    name=s.pick(T.FIRST_NAMES),
                    relationship=relationship,
                    relationship_detail=s.pick(T.SUPPORT_DETAILS[relationship]),
                    awareness=s.pick(Awareness.values),
                    ally_stage=s.pick(AllyStage.values),
                    conversation_script=s.pick(T.SCRIPTS) if s.chance(0.5) else "",
                    version=s.rng.randint(1, 2),
                    created_by=self.therapist,
                    created_at=created,
                    updated_at=s.at(s.rng.randint(1, days)),
                    **self.shared_fields(0.5, created),
                )
            )
            self.people.append(person)
            self.made(
                "support_person.create", created, (label(SupportPerson), person.id), f"{self.url}support-network/new/"
            )

    def safety_plan(self):
        s = self.s
        days = max(1, self.since - s.rng.randint(0, 14))
        created = s.at(days)
        if s.chance(0.75):
            reviewed = s.at(s.rng.randint(1, min(30, days)))
        else:
            reviewed = s.at(s.rng.randint(min(31, days), days)) if days > 1 else None
        plan = s.add(
            SafetyPlan(
                id=s.uid(),
                client=self.client,
                warning_signs=s.pick(T.WARNING_SIGNS),
                coping_on_my_own=s.pick(T.COPING_ON_MY_OWN),
                distraction_people_places=s.pick(T.DISTRACTION),
                people_to_ask=s.pick(T.PEOPLE_TO_ASK),
                professionals=s.pick(T.PROFESSIONALS),
                safe_environment=s.pick(T.SAFE_ENVIRONMENT),
                reasons_for_living=s.pick(T.REASONS_FOR_LIVING),
                reviewed_at=reviewed,
                version=s.rng.randint(1, 4),
                created_by=self.therapist,
                updated_by=self.writer(),
                created_at=created,
                updated_at=max(created, reviewed) if reviewed else created,
            )
        )
        self.made("safety_plan.create", created, (label(SafetyPlan), plan.id), f"{self.url}safety-plan/edit/")
        self.views.append((None, "safety_plan.view", (label(SafetyPlan), plan.id), f"{self.url}safety-plan/"))

    def check_ins(self):
        s = self.s
        risks = [RelapseRisk.LOW] * 6 + [RelapseRisk.MEDIUM] * 3 + [RelapseRisk.HIGH]
        for days in s.some_days(self.since, s.rng.randint(6, 14)):
            when = s.at(days)
            check_in = s.add(
                CheckIn(
                    id=s.uid(),
                    client=self.client,
                    session_date=s.day(days),
                    wellbeing=s.rng.randint(2, 9),
                    stigma_encounters=s.pick([0, 0, 0, 1, 1, 2, 3]),
                    relapse_risk=s.pick(risks),
                    safety_plan_reviewed=s.chance(0.2),
                    advocacy_load=AdvocacyLoad.TOO_MUCH if s.chance(0.1) else AdvocacyLoad.OK,
                    notes=s.pick(T.CHECK_IN_NOTES),
                    created_by=self.writer(),
                    created_at=when,
                )
            )
            self.made("check_in.create", when, (label(CheckIn), check_in.id), f"{self.url}check-ins/new/")

    # Disclosure.

    def disclosure_plan(self):
        s = self.s
        reached = s.rng.choices(range(5), weights=[30, 25, 15, 15, 15])[0]
        moments = s.moments(s.rng.randint(1, self.since), reached + 1)
        person = s.pick(self.people) if s.chance(0.6) else None
        full = reached > 0 or s.chance(0.5)
        plan = DisclosurePlan(
            id=s.uid(),
            client=self.client,
            support_person=person,
            audience_description="" if person else s.pick(T.AUDIENCES),
            setting=s.pick(DisclosureSetting.values),
            level=""
            if reached == 0 and s.chance(0.5)
            else s.rng.choices(DisclosureLevel.values, weights=[5, 15, 60, 12, 8])[0],
            reasons=s.pick(T.DISCLOSURE_REASONS),
            benefits=s.pick(T.BENEFITS),
            costs_risks=s.pick(T.COSTS),
            testing_the_person=s.pick(T.TESTING) if full else "",
            share_what=s.pick(T.SHARE_WHAT) if full else "",
            keep_private=s.pick(T.KEEP_PRIVATE) if full else "",
            when_where=s.pick(T.WHEN_WHERE) if full else "",
            script=s.pick(T.SCRIPTS) if full else "",
            exit_lines=s.pick(T.EXIT_LINES) if full else "",
            standby_support=s.pick(T.STANDBY) if full else "",
            boundary_statements=s.pick(T.BOUNDARIES) if full else "",
            if_it_goes_badly=s.pick(T.IF_BADLY) if full else "",
            readiness=min(10, s.rng.randint(1, 4) + 2 * reached),
            status=STATUS_ORDER[reached],
            version=reached + 1 + s.rng.randint(0, 2),
            created_by=self.therapist,
            created_at=moments[0],
            **self.shared_fields(0.7, moments[0]),
        )
        if plan.shared_with_client and s.chance(0.4):
            plan.client_readiness, plan.client_readiness_at = s.rng.randint(3, 10), moments[-1]
        latest = [moments[-1], *self.disclosure_history(plan, moments, reached, person)]
        plan.updated_at = max(latest)
        s.add(plan)
        obj = (label(DisclosurePlan), plan.id)
        self.views.append((None, "disclosure_plan.view", obj, f"{self.url}disclosure/{plan.id}/"))
        if plan.shared_with_client:
            self.views.append((self.portal_user, "portal.disclosure_plan.view", obj, f"/portal/disclosure/{plan.id}/"))

    def disclosure_history(self, plan, moments, reached, person):
        """Status changes, rehearsals and debriefs; returns when the rehearsals and debriefs were written."""
        s = self.s
        obj, path = (label(DisclosurePlan), plan.id), f"{self.url}disclosure/{plan.id}/"
        previous = ""
        for when, status in zip(moments, STATUS_ORDER[: reached + 1], strict=True):
            s.add(
                DisclosureStatusChange(
                    id=s.uid(),
                    plan=plan,
                    from_status=previous,
                    to_status=status,
                    changed_by=self.therapist,
                    changed_at=when,
                )
            )
            if previous:
                self.made(
                    "disclosure_plan.status",
                    when,
                    obj,
                    f"{path}status/",
                    {"from": previous, "to": status, "backwards": False},
                )
            else:
                self.made("disclosure_plan.create", when, obj, f"{self.url}disclosure/new/")
            previous = status
        written = []
        if reached >= 1:
            for _ in range(s.rng.randint(1, 2)):
                when = moments[1] + datetime.timedelta(minutes=s.rng.randint(5, 50))
                before = s.rng.randint(2, 6)
                rehearsal = s.add(
                    Rehearsal(
                        id=s.uid(),
                        plan=plan,
                        rehearsed_on=when.date(),
                        scenario=s.pick(T.SCENARIOS),
                        reactions_practised=s.rng.sample(Reaction.values, s.rng.randint(1, 3)),
                        confidence_before=before,
                        confidence_after=min(10, before + s.rng.randint(0, 3)),
                        notes=s.pick(T.LEARNED),
                        created_by=self.therapist,
                        created_at=when,
                    )
                )
                written.append(when)
                self.made("rehearsal.create", when, (label(Rehearsal), rehearsal.id), f"{path}rehearsals/new/")
        client_debrief = reached == 3 and plan.shared_with_client and s.chance(0.3)
        if reached == 4 or client_debrief:
            author = self.portal_user if client_debrief else self.therapist
            when = max(moments[-2], moments[-1] - datetime.timedelta(minutes=5)) if reached == 4 else moments[-1]
            debrief = s.add(
                Debrief(
                    id=s.uid(),
                    plan=plan,
                    outcome=s.pick([Outcome.WENT_WELL, Outcome.WENT_WELL, Outcome.MIXED, Outcome.HARD]),
                    how_it_went=s.pick(T.DEBRIEF_TEXTS),
                    reaction=s.pick(T.DEBRIEF_TEXTS),
                    learned=s.pick(T.LEARNED),
                    ally_stage_after=s.pick(AllyStage.values) if person else "",
                    author=author,
                    created_at=when,
                )
            )
            written.append(when)
            self.made("debrief.create", when, (label(Debrief), debrief.id), f"{path}debriefs/new/", actor=author)
        return written

    # Advocacy.

    def advocacy_plan(self):
        s = self.s
        days = s.rng.randint(1, self.since)
        created = s.at(days)
        status = s.rng.choices([PlanStatus.ACTIVE, PlanStatus.PAUSED, PlanStatus.CLOSED], weights=[80, 12, 8])[0]
        publicity = s.rng.choices(PUBLICITY_ORDER, weights=[50, 30, 20])[0]
        interval = s.pick([14, 30, 30, 60])
        plan = AdvocacyPlan(
            id=s.uid(),
            client=self.client,
            aim=s.pick(T.ADVOCACY_AIMS),
            therapeutic_goals=s.pick(T.THERAPEUTIC_GOALS),
            focus=s.pick(Focus.values),
            hours_per_month=Decimal(s.pick(["2.0", "4.0", "6.0", "8.0", "10.0"])),
            publicity=publicity,
            topics_off_limits=s.pick(T.OFF_LIMITS),
            media_rules=s.pick(T.MEDIA_RULES),
            review_interval_days=interval,
            status=status,
            version=1 + (status != PlanStatus.ACTIVE) + s.rng.randint(0, 2),
            created_by=self.therapist,
            created_at=created,
            **self.shared_fields(0.6, created),
        )
        reviews = s.moments(days, s.pick([0, 1, 1, 2])) if days > 1 else []
        last_review = self.advocacy_reviews(plan, reviews)
        plan.next_review_on = (last_review or created).date() + datetime.timedelta(days=interval)
        if status != PlanStatus.ACTIVE:
            plan.status_changed_at = last_review if status == PlanStatus.PAUSED and last_review else created
        steps = self.advocacy_steps(plan, days)
        drafts = self.story_drafts(plan, days) if s.chance(0.2) else []
        plan.updated_at = max([created, *reviews, *steps, *drafts])
        s.add(plan)
        obj, path = (label(AdvocacyPlan), plan.id), f"{self.url}advocacy/{plan.id}/"
        self.made("advocacy_plan.create", created, obj, f"{self.url}advocacy/new/")
        self.views.append((None, "advocacy_plan.view", obj, path))
        if plan.shared_with_client:
            self.views.append((self.portal_user, "portal.advocacy_plan.view", obj, f"/portal/advocacy/{plan.id}/"))
        self.advocacy_reminder(plan, path)

    def advocacy_reviews(self, plan, moments):
        """The reviews; a paused plan was paused by the therapist at its latest one. Returns the latest moment."""
        s = self.s
        for index, when in enumerate(moments):
            latest = index == len(moments) - 1
            decision = s.pick([Decision.CONTINUE, Decision.CONTINUE, Decision.SLOW_DOWN])
            if latest and plan.status == PlanStatus.PAUSED:
                decision = Decision.PAUSE
            by_client = plan.shared_with_client and decision != Decision.PAUSE and s.chance(0.2)
            author = self.portal_user if by_client else self.therapist
            review = s.add(
                AdvocacyReview(
                    id=s.uid(),
                    plan=plan,
                    energy=s.rng.randint(2, 9),
                    wellbeing=s.rng.randint(2, 9),
                    burnout_signs=[key for key, _label in s.rng.sample(BURNOUT_SIGNS, s.pick([0, 0, 1, 2]))],
                    decision=decision,
                    notes=s.pick(T.REVIEW_NOTES),
                    author=author,
                    created_at=when,
                )
            )
            self.made(
                "advocacy_review.create",
                when,
                (label(AdvocacyReview), review.id),
                f"{self.url}advocacy/{plan.id}/reviews/new/",
                actor=author,
            )
        return moments[-1] if moments else None

    def advocacy_steps(self, plan, days):
        """About five steps from the plan's start to two months ahead; returns when the done ones were done."""
        s = self.s
        allowed = PUBLICITY_ORDER[: PUBLICITY_ORDER.index(plan.publicity) + 1]
        done_at = []
        for _ in range(s.rng.randint(3, 7)):
            due = s.rng.randint(-60, days)  # days ago; negative is ahead
            if due >= 1:
                weights = [0, 25, 65, 10] if plan.status != PlanStatus.CLOSED else [0, 0, 80, 20]
            else:
                weights = [75, 25, 0, 0]
            status = s.rng.choices(StepStatus.values, weights=weights)[0]
            completed = s.at(due) if status == StepStatus.DONE else None
            by_client = completed and plan.shared_with_client and s.chance(0.3)
            kind = s.pick(StepKind.values)
            committee = kind in (StepKind.COMMITTEE_MEETING, StepKind.COMMUNITY_FORUM, StepKind.STAKEHOLDER_MEETING)
            step = s.add(
                AdvocacyStep(
                    id=s.uid(),
                    plan=plan,
                    kind=kind,
                    description=s.pick(T.STEP_DESCRIPTIONS),
                    due_on=s.day(due),
                    estimated_hours=Decimal(s.pick(["0.5", "1.0", "1.5", "2.0", "3.0"])),
                    publicity=s.pick(allowed),
                    opportunity=s.pick(s.opportunities) if committee and s.chance(0.6) else None,
                    status=status,
                    reflection=s.pick(T.REFLECTIONS) if completed else "",
                    completed_at=completed,
                    completed_by=(self.portal_user if by_client else self.therapist) if completed else None,
                    version=s.rng.randint(1, 3),
                    created_by=self.therapist,
                    created_at=plan.created_at,
                    updated_at=completed or plan.created_at,
                )
            )
            if completed:
                done_at.append(completed)
                action = "advocacy_step.done_by_client" if by_client else "advocacy_step.update"
                self.made(
                    action,
                    completed,
                    (label(AdvocacyStep), step.id),
                    f"{self.url}advocacy/{plan.id}/steps/{step.id}/",
                    actor=step.completed_by,
                )
        return done_at

    def story_drafts(self, plan, days):
        s = self.s
        moments = s.moments(days, s.rng.randint(1, 3))
        checklist = s.chance(0.5)
        draft = s.add(
            StoryDraft(
                id=s.uid(),
                plan=plan,
                title=s.pick(T.STORY_TITLES),
                form=s.pick(StoryForm.values),
                audience=s.pick(T.AUDIENCES),
                text=T.STORY_TEXT * len(moments),
                consent_to_publicity=checklist,
                off_limits_checked=checklist,
                support_for_reactions=s.pick(T.STANDBY) if checklist else "",
                ready_to_publish_at=moments[-1] if checklist and s.chance(0.5) else None,
                version=len(moments),
                created_by=self.therapist,
                created_at=moments[0],
                updated_at=moments[-1],
            )
        )
        for number, when in enumerate(moments, start=1):
            s.add(
                StoryVersion(
                    id=s.uid(),
                    draft=draft,
                    number=number,
                    text=T.STORY_TEXT * number,
                    saved_by=self.therapist,
                    saved_at=when,
                )
            )
        return moments

    def advocacy_reminder(self, plan, path):
        """The primary therapist's review reminder: paused with its plan, cancelled when the plan is closed."""
        status = {
            PlanStatus.ACTIVE: ReminderStatus.ACTIVE,
            PlanStatus.PAUSED: ReminderStatus.PAUSED,
            PlanStatus.CLOSED: ReminderStatus.CANCELLED,
        }[plan.status]
        self.reminder(
            self.therapist,
            ReminderKind.ADVOCACY_REVIEW,
            plan.next_review_on,
            datetime.time(9, 0),
            link=path,
            source=f"advocacy_plan:{plan.id}:review",
            status=status,
        )

    # Peer connections.

    def referrals(self):
        s = self.s
        count = s.pick([0, 1, 1, 2, 2, 3])
        asked = self.portal_user is not None and s.chance(0.4)  # a referral awaiting the client's consent
        for index in range(max(count, 1 if asked else 0)):
            if asked and index == 0:
                path = [S, A]
            else:
                paths = PORTAL_PATHS if self.portal_user else SESSION_PATHS
                path = s.rng.choices([p for p, _w in paths], weights=[w for _p, w in paths])[0]
            self.referral(path)

    def referral(self, path):
        s = self.s
        moments = s.moments(s.rng.randint(1, self.since), len(path))
        status = path[-1]
        ahead = s.rng.randint(-10, 28)
        open_ = status not in ENDED
        referral = PeerReferral(
            id=s.uid(),
            client=self.client,
            resource=s.pick(s.open_resources or s.resources),
            why=s.pick(T.REFERRAL_WHY),
            match_basis=s.pick(T.MATCH_BASIS),
            shared_details=[SharedDetail.FIRST_NAME, *s.rng.sample(SharedDetail.values[1:], s.rng.randint(0, 2))],
            expectations_discussed=s.chance(0.8),
            safety_agreement=s.pick(T.SAFETY_AGREEMENTS),
            status=status,
            shown_to_client=A in path,
            follow_up_on=s.day(-ahead) if open_ and s.chance(0.8) else None,
            outcome_notes=s.pick(T.OUTCOMES) if status == ReferralStatus.COMPLETED else "",
            version=len(path),
            created_by=self.therapist,
            created_at=moments[0],
            updated_at=moments[-1],
        )
        obj, url = (label(PeerReferral), referral.id), f"{self.url}peers/referrals/{referral.id}/"
        previous = ""
        for when, step in zip(moments, path, strict=True):
            author = self.referral_step(referral, previous, step, when, obj, url)
            reason = s.pick(T.REFERRAL_REASONS[step]) if step in T.REFERRAL_REASONS else ""
            s.add(
                ReferralStatusChange(
                    id=s.uid(),
                    referral=referral,
                    from_status=previous,
                    to_status=step,
                    reason=reason,
                    changed_by=author,
                    changed_at=when,
                )
            )
            previous = step
        s.add(referral)
        self.views.append((None, "referral.view", obj, url))
        if referral.shown_to_client:
            self.views.append((self.portal_user, "portal.referral.view", obj, f"/portal/connections/{referral.id}/"))
        if referral.follow_up_on and ahead >= 1:
            self.reminder(
                self.therapist,
                ReminderKind.REFERRAL_FOLLOW_UP,
                referral.follow_up_on,
                datetime.time(9, 0),
                link=url,
                source=f"referral:{referral.id}",
            )

    def referral_step(self, referral, previous, step, when, obj, url):
        """Fill what one step of the history sets on the referral; returns who took the step."""
        s = self.s
        by_client = referral.shown_to_client and step in (C, "declined", "withdrawn") and s.chance(0.6)
        author = self.portal_user if by_client else self.therapist
        if step == S:
            self.made("referral.create", when, obj, f"{self.url}peers/referrals/new/{referral.resource.id}/")
            return author
        if step == C:
            method = ConsentMethod.PORTAL if by_client else ConsentMethod.VERBAL
            referral.consent_given_at, referral.consent_method = when, method
            referral.consent_text_version, referral.consent_recorded_by = CURRENT_VERSION, author
            referral.consent_language = self.client.preferred_language
            self.made("referral.consent", when, obj, f"{url}consent/", {"method": method}, actor=author)
        elif step == "withdrawn":
            referral.consent_withdrawn_at, referral.consent_withdrawn_by = when, author
            referral.shared_details = []  # nothing more may be passed on
            self.made("referral.consent_withdrawn", when, obj, f"{url}withdraw/", actor=author)
        self.made("referral.status", when, obj, f"{url}status/", {"from": previous, "to": step}, actor=author)
        return author

    # Feedback, and the audit trail.

    def grievance(self):
        s = self.s
        days = s.rng.randint(1, self.since)
        sent = s.at(days)
        status = s.pick(GrievanceStatus.values)
        changed = s.at(s.rng.randint(1, days)) if status != GrievanceStatus.RECEIVED else None
        resolved = status == GrievanceStatus.RESOLVED
        s.add(
            Grievance(
                id=s.uid(),
                client=self.client,
                submitted_by=self.portal_user,
                kind=s.pick(GrievanceKind.values),
                subject=s.pick(T.GRIEVANCE_SUBJECTS),
                text=s.pick(T.GRIEVANCE_TEXTS),
                anonymous_to_therapist=s.chance(0.7),
                status=status,
                status_changed_at=changed,
                response=s.pick(T.GRIEVANCE_RESPONSES) if resolved else "",
                responded_by=s.admin if resolved else None,
                responded_at=changed if resolved else None,
                version=1 + (status != GrievanceStatus.RECEIVED),
                created_at=sent,
                updated_at=changed or sent,
            )
        )

    def audit(self):
        """About eight events naming this client: a third are rows made above, the rest reads of its pages."""
        s = self.s
        count = round(AUDIT_PER_CLIENT * s.rng.uniform(0.5, 1.5))
        for _ in range(count):
            if self.events and s.chance(0.35):
                actor, action, when, obj, path, detail = s.pick(self.events)
            else:
                actor, action, obj, path = s.pick(self.views)
                actor, when, detail = actor or self.writer(), s.at(s.rng.randint(1, self.since)), {}
            s.audit(actor, action, when, client_id=self.client.id, obj=obj, path=path, detail=detail)
