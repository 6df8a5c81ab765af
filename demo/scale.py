"""The generator behind `manage.py seed_scale` (see the command for what it makes and why).

`ScaleSeeder` makes the clinic network: clinics, staff, the peer directory, opportunities, inclusive-care
reviews, an emergency access and the clinic-wide audit events; `scale_record.ClientRecord` makes each client's
record. Every random choice, primary keys included, comes from the one `random.Random(seed)` in a fixed order,
so the same seed and day give the same rows. Rows are kept in memory a chunk of clients at a time and written
with `bulk_create`; the caller holds the transaction.
"""

import contextlib
import datetime
import random
import string
import uuid
from collections import Counter
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Role, User
from advocacy.models import (
    AdvocacyOpportunity,
    AdvocacyPlan,
    AdvocacyReview,
    AdvocacyStep,
    OpportunityKind,
    StoryDraft,
    StoryVersion,
)
from audit.models import AuditEvent
from clients.models import CareTeamMember, CheckIn, Client, EmergencyAccess, SafetyPlan, SupportPerson
from clinics.inclusive_care import standard_questions
from clinics.models import Clinic, CrisisLine, InclusiveCareItem, InclusiveCareReview, ItemStatus
from disclosure.models import Debrief, DisclosurePlan, Rehearsal, StatusChange
from grievances.models import Grievance
from peers.models import (
    Cost,
    FocusArea,
    PeerReferral,
    PeerResource,
    ReferralStatusChange,
    ResourceFormat,
    ResourceStatus,
)
from portfolio.models import (
    CopingSkill,
    EmpowermentPlan,
    GoalCheck,
    JournalEntry,
    MeasureAssignment,
    MeasureResponse,
    MicroGoal,
    Milestone,
    Reframe,
    StigmaEncounter,
)
from reminders.models import Delivery, Notification, Reminder

from . import scale_texts as T  # noqa: N812 (the text bank, read as T.NAME in many places)
from .scale_record import ClientRecord

SCALE_PASSWORD = "planner-scale-2026"  # nosec B105
DOMAIN = "scale.example"
BATCH = 5000  # rows per INSERT
CHUNK = 250  # clients made in memory, then written, at a time
RESOURCES_PER_1000_CLIENTS = 250  # a clinic's peer directory grows with its clients
CLINIC_EVENTS_PER_CLIENT = 2  # sign-ins, caseload and roster views: events that name no client
SESSION_HOURS = range(8, 19)
SEEDED_MODELS = [
    Clinic,
    CrisisLine,
    User,
    AdvocacyOpportunity,
    FocusArea,
    PeerResource,
    PeerResource.focus_areas.through,
    InclusiveCareReview,
    InclusiveCareItem,
    Client,
    CareTeamMember,
    SupportPerson,
    SafetyPlan,
    CheckIn,
    DisclosurePlan,
    StatusChange,
    Rehearsal,
    Debrief,
    AdvocacyPlan,
    AdvocacyStep,
    AdvocacyReview,
    StoryDraft,
    StoryVersion,
    PeerReferral,
    ReferralStatusChange,
    EmpowermentPlan,
    Reframe,
    MicroGoal,
    GoalCheck,
    JournalEntry,
    Milestone,
    CopingSkill,
    StigmaEncounter,
    MeasureAssignment,
    MeasureResponse,
    Reminder,
    Delivery,
    Notification,
    Grievance,
    EmergencyAccess,
    AuditEvent,
]


@contextlib.contextmanager
def timestamps_as_given(models):
    """Let `auto_now` / `auto_now_add` fields keep the generated value instead of the time of the insert."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def split(total, parts):
    """`total` spread over `parts` as evenly as whole numbers allow, the remainder to the first ones."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def already_seeded():
    return User.objects.filter(email__endswith=f".{DOMAIN}").exists()


def clinic_domain(index):
    return f"c{index + 1:02d}.{DOMAIN}"


class ScaleSeeder:
    """Makes the rows clinic by clinic, client by client, drawing every choice from one seeded generator."""

    def __init__(self, *, seed, clinics, therapists, clients, today):
        self.rng = random.Random(seed)  # nosec B311
        self.today = today
        self.clinic_count = clinics
        self.therapists_per_clinic = split(therapists, clinics)
        self.clients_per_clinic = split(clients, clinics)
        self.counts = Counter()
        self.pending = {}
        salt = "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(22))
        self.password = make_password(SCALE_PASSWORD, salt=salt)  # hashed once, for every account
        self.notification_text = {}
        for language in ("en", "es"):
            with translation.override(language):
                self.notification_text[language] = gettext("You have an update in your planner")

    # Writing.

    def uid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add(self, obj):
        self.pending.setdefault(type(obj), []).append(obj)
        return obj

    def flush(self):
        """Write what is pending (foreign keys are checked at commit, so the order within a chunk is free)."""
        for model, objs in self.pending.items():
            model._base_manager.bulk_create(objs, batch_size=BATCH)
            self.counts[model] += len(objs)
        self.pending = {}

    # Random choices and dates: days ago (1 is yesterday), moments within the clinic's working day.

    def pick(self, choices):
        return self.rng.choice(choices)

    def chance(self, probability):
        return self.rng.random() < probability

    def day(self, days_ago):
        return self.today - datetime.timedelta(days=days_ago)

    def at(self, days_ago):
        hour, minute = self.rng.choice(SESSION_HOURS), self.rng.choice((0, 10, 20, 30, 40, 50))
        return datetime.datetime.combine(self.day(days_ago), datetime.time(hour, minute), tzinfo=self.zone)

    def some_days(self, since, count):
        """`count` days ago between `since` and yesterday, oldest first."""
        return sorted((self.rng.randint(1, max(since, 1)) for _ in range(count)), reverse=True)

    def moments(self, since, count):
        """`count` moments between `since` days ago and yesterday, in order."""
        return sorted(self.at(days_ago) for days_ago in self.some_days(since, count))

    # The network.

    def run(self):
        for index in range(self.clinic_count):
            self.seed_clinic(index)

    def seed_clinic(self, index):
        zone_name = T.TIME_ZONES[index % len(T.TIME_ZONES)]
        self.zone = ZoneInfo(zone_name)
        self.after = datetime.datetime.combine(self.day(-1), datetime.time(0), tzinfo=self.zone)  # tomorrow
        self.clinic_index, self.domain = index, clinic_domain(index)
        self.clinic = self.add(
            Clinic(
                id=self.uid(),
                name=f"{T.PLACES[index % len(T.PLACES)]} Community Clinic {index + 1:02d}",
                timezone=zone_name,
                default_language="es" if index % 5 == 4 else "en",
                created_at=self.at(400),
            )
        )
        self.add(
            CrisisLine(
                id=self.uid(),
                clinic=self.clinic,
                name="988 Suicide & Crisis Lifeline",
                phone="988",
                text="988",
                hours="24/7",
            )
        )
        self.admin = self.user(f"admin@{self.domain}", Role.CLINIC_ADMIN)
        self.therapists = [
            self.user(f"therapist{number:03d}@{self.domain}", Role.THERAPIST)
            for number in range(1, self.therapists_per_clinic[index] + 1)
        ]
        self.staff = [self.admin, *self.therapists]
        self.opportunities = [self.opportunity(name) for name in T.OPPORTUNITY_NAMES]
        self.directory(self.clients_per_clinic[index])
        self.inclusive_care_review()
        self.flush()
        self.portal_count = 0
        self.seeded = []
        for position in range(self.clients_per_clinic[index]):
            self.seeded.append(ClientRecord(self, position).seed())
            if position % CHUNK == CHUNK - 1:
                self.flush()
        self.emergency_access()
        self.clinic_audit(CLINIC_EVENTS_PER_CLIENT * len(self.seeded))
        self.flush()

    def user(self, email, role, *, full_name=None, language=None, last_login_days=None):
        if last_login_days is None:
            last_login_days = self.rng.randint(1, 4)
        return self.add(
            User(
                id=self.uid(),
                email=email,
                full_name=full_name or f"{self.pick(T.FIRST_NAMES)} {self.pick(T.LAST_NAMES)}",
                role=role,
                clinic=self.clinic,
                preferred_language=language or self.clinic.default_language,
                password=self.password,
                date_joined=self.at(380),
                last_login=self.at(last_login_days) if last_login_days else None,
            )
        )

    def opportunity(self, name):
        place = self.clinic.name.split(" Community")[0]
        return self.add(
            AdvocacyOpportunity(
                id=self.uid(),
                clinic=self.clinic,
                name=f"{place} {name}",
                kind=self.pick(OpportunityKind.values),
                description=self.pick(T.RESOURCE_DESCRIPTIONS),
                contact=f"info@{name.split()[0].lower()}.{DOMAIN}",
                next_meeting=self.day(-self.rng.randint(3, 60)),
                location=f"{self.rng.randint(1, 400)} {self.pick(T.STREETS)}",
                active=self.chance(0.9),
                created_by=self.admin,
                created_at=self.at(300),
                updated_at=self.at(self.rng.randint(1, 200)),
            )
        )

    def directory(self, clients):
        self.focus_areas = [self.add(FocusArea(id=self.uid(), clinic=self.clinic, name=name)) for name in T.FOCUS_AREAS]
        count = max(20, round(RESOURCES_PER_1000_CLIENTS * clients / 1000))
        self.resources = [self.resource() for _ in range(count)]
        self.open_resources = [item for item in self.resources if item.status == ResourceStatus.ACTIVE]

    def resource(self):
        kind = self.pick(list(T.RESOURCE_KINDS_NAMES))
        verified = self.rng.randint(1, 260)  # some not verified in the last 180 days
        statuses = [ResourceStatus.ACTIVE] * 18 + [ResourceStatus.INACTIVE, ResourceStatus.TEMPORARILY_CLOSED]
        resource = self.add(
            PeerResource(
                id=self.uid(),
                clinic=self.clinic,
                organisation=f"{self.pick(T.PLACES)} {self.pick(T.ORGANISATIONS)}",
                name=f"{self.pick(T.RESOURCE_KINDS_NAMES[kind])}, {self.pick(T.STREETS)}",
                kind=kind,
                description=self.pick(T.RESOURCE_DESCRIPTIONS),
                languages=self.pick([",en,", ",en,", ",en,es,", ",es,", ",en,zh,", ",en,asl,", ",en,vi,"]),
                format=self.pick(ResourceFormat.values),
                schedule=self.pick(T.SCHEDULES),
                location=f"{self.rng.randint(1, 900)} {self.pick(T.STREETS)}",
                step_free_access=self.chance(0.6),
                near_public_transport=self.chance(0.7),
                captioning_or_interpreting=self.chance(0.2),
                cost=self.pick([Cost.FREE, Cost.FREE, Cost.SLIDING, Cost.FEE]),
                crisis_support=kind == "warmline" or self.chance(0.1),
                contact=f"hello@resource{self.rng.randint(1, 9999)}.{DOMAIN}",
                status=self.pick(statuses),
                last_verified_on=self.day(verified),
                version=self.rng.randint(1, 3),
                created_by=self.pick(self.staff[:4]),
                created_at=self.at(verified + self.rng.randint(0, 120)),
                updated_at=self.at(verified),
            )
        )
        through = PeerResource.focus_areas.through
        for area in self.rng.sample(self.focus_areas, self.rng.randint(1, 3)):
            self.add(through(peerresource_id=resource.id, focusarea_id=area.id))
        return resource

    def inclusive_care_review(self):
        review = self.add(
            InclusiveCareReview(
                id=self.uid(),
                clinic=self.clinic,
                reviewed_on=self.day(90),
                summary=T.CARE_REVIEW_SUMMARY,
                created_by=self.admin,
                created_at=self.at(90),
            )
        )
        for position, (area, question) in enumerate(standard_questions()):
            status = self.pick([ItemStatus.MET, ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.OPEN])
            still_open = status != ItemStatus.MET
            self.add(
                InclusiveCareItem(
                    id=self.uid(),
                    review=review,
                    area=area,
                    question=question,
                    status=status,
                    next_step="Bring it to the next staff meeting." if still_open else "",
                    owner=self.pick(self.staff) if still_open else None,
                    due_on=self.day(-self.rng.randint(-20, 90)) if still_open else None,
                    position=position,
                )
            )

    # Clinic-wide rows made after the clients.

    def emergency_access(self):
        """One ended emergency access of the clinic admin, with the audit events linked to it."""
        record = self.pick(self.seeded)
        starts = self.at(self.rng.randint(20, 200))
        grant = self.add(
            EmergencyAccess(
                id=self.uid(),
                admin=self.admin,
                client_id=record.client_id,
                reason="The primary therapist is away and the client asked for an urgent letter for their employer.",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=4),
                ended_early_at=starts + datetime.timedelta(hours=1),
            )
        )
        grant_object = (EmergencyAccess._meta.label_lower, grant.id)
        steps = [
            ("emergency_access.start", grant_object, {}),
            ("client.overview.view", None, {}),
            ("emergency_access.end", grant_object, {"why": "done"}),
        ]
        for offset, (action, obj, detail) in enumerate(steps):
            when = starts + datetime.timedelta(minutes=20 * offset)
            path = f"/clients/{record.client_id}/"
            self.audit(
                self.admin, action, when, client_id=record.client_id, obj=obj, path=path, detail=detail, grant=grant
            )

    def clinic_audit(self, count):
        """Sign-ins, second factors, caseload and roster views, the audit log: events that name no client."""
        portal_users = [record.portal_user for record in self.seeded if record.portal_user]
        for _ in range(count):
            when = self.at(self.rng.randint(1, 365))
            roll = self.rng.random()
            if roll < 0.2 and portal_users:
                self.audit(self.pick(portal_users), "auth.login", when, path="/accounts/login/")
            elif roll < 0.4:
                self.audit(self.pick(self.staff), "auth.login", when, path="/accounts/login/")
            elif roll < 0.6:
                detail = {"method": "totp"}
                self.audit(self.pick(self.staff), "mfa.verified", when, path="/accounts/second-factor/", detail=detail)
            elif roll < 0.85:
                detail = {"page": 1, "status": "active"}
                self.audit(self.pick(self.therapists), "caseload.view", when, path="/clients/", detail=detail)
            elif roll < 0.9:
                self.audit(self.admin, "roster.view", when, path="/clients/roster/", detail={"page": 1})
            elif roll < 0.94:
                self.audit(self.admin, "audit_log.view", when, path="/accounts/audit-log/")
            elif roll < 0.97:
                self.audit(self.admin, "grievance.inbox.view", when, path="/clinic/grievances/")
            else:
                self.audit(self.pick(self.staff), "auth.logout", when, path="/accounts/logout/")

    def audit(self, actor, action, when, *, client_id=None, obj=None, path="", detail=None, grant=None):
        """One audit event as `audit.recording.record` writes it: ids and codes only, from a plausible address."""
        if actor.role == Role.CLIENT:
            address = f"203.0.113.{self.rng.randint(1, 254)}"  # from home, a documentation range
        else:
            address = f"10.{self.clinic_index}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"
        self.add(
            AuditEvent(
                id=self.uid(),
                at=when,
                actor_id=actor.id,
                clinic_id=self.clinic.id,
                client_id=client_id,
                action=action,
                object_type=obj[0] if obj else "",
                object_id=str(obj[1]) if obj else "",
                address=address,
                path=path[:300],
                emergency_access=grant,
                detail=detail or {},
            )
        )
