"""The portfolio, measures and reminders of one client's record, for `manage.py seed_scale` (see `scale_record`).

What a client writes or ticks in the portal is theirs (their journal entries, goal ticks, the stigma encounters
they log, the measures they answer for an assignment); only portal clients have anything shared with them. A
reminder's next occurrence is computed as the services compute it, from tomorrow; one that repeats has its
latest past occurrence delivered, and an in-app delivery left a notification.
"""

import datetime

from accounts.models import Role
from clients.models import ClientStatus
from portfolio.instruments import definition_for, score
from portfolio.models import (
    Cadence,
    CopingSkill,
    DebriefedWith,
    EmpowermentPlan,
    EncounterSetting,
    EntryKind,
    GoalCategory,
    GoalCheck,
    JournalEntry,
    MeasureAssignment,
    MeasureResponse,
    MicroGoal,
    Milestone,
    Reframe,
    StigmaEncounter,
)
from reminders.models import (
    Delivery,
    DeliveryStatus,
    Notification,
    Recurrence,
    Reminder,
    ReminderChannel,
    ReminderKind,
    ReminderStatus,
)
from reminders.schedule import next_occurrence, occurs_on

from . import scale_texts as T  # noqa: N812 (the text bank, read as T.NAME in many places)

INSTRUMENTS = ["empowerment_pulse", "self_stigma_pulse"]
CADENCE_TO_RECURRENCE = {
    Cadence.DAILY: Recurrence.DAILY,
    Cadence.WEEKLY: Recurrence.WEEKLY,
    Cadence.WEEKDAYS: Recurrence.WEEKDAYS,
}

_scores = {}


def scored(key, answers):
    """The score of these answers (the same answers always score the same, so each is computed once)."""
    cache_key = (key, tuple(answers.values()))
    if cache_key not in _scores:
        _scores[cache_key] = score(definition_for(key), answers)
    return _scores[cache_key]


def label(model):
    return model._meta.label_lower


class PortfolioSections:
    """Mixed into `scale_record.ClientRecord`, whose helpers (`s`, `made`, `shared_fields`, ...) it uses."""

    def portfolio(self):
        s = self.s
        days = max(1, self.since - s.rng.randint(0, 20))
        created = s.at(days)
        plan = s.add(
            EmpowermentPlan(
                id=s.uid(),
                client=self.client,
                values=s.pick(T.VALUES),
                strengths=s.pick(T.STRENGTHS),
                long_term_goals=s.pick(T.LONG_TERM_GOALS),
                version=s.rng.randint(1, 3),
                created_by=self.therapist,
                created_at=created,
                updated_at=s.at(s.rng.randint(1, days)),
                **self.shared_fields(0.8, s.at(s.rng.randint(1, days))),
            )
        )
        if s.chance(0.5):
            when = s.at(s.rng.randint(1, days))
            s.add(
                Reframe(
                    id=s.uid(),
                    plan=plan,
                    old_story=s.pick(T.OLD_STORIES),
                    new_story=s.pick(T.NEW_STORIES),
                    written_on=when.date(),
                    created_by=self.therapist,
                    created_at=when,
                )
            )
        self.goals = [self.micro_goal() for _ in range(s.pick([1, 2, 2, 3]))]
        self.journal()
        for _ in range(s.pick([1, 1, 2, 2, 3])):
            self.item(Milestone, 0.7, title=s.pick(T.MILESTONES), description=s.pick(T.LEARNED))
        for _ in range(s.pick([1, 1, 2, 2, 3])):
            self.item(
                CopingSkill,
                0.7,
                name=s.pick(T.COPING_SKILLS),
                when_it_helps=s.pick(T.WHEN_IT_HELPS),
                how_well=s.rng.randint(1, 5),
            )
        for _ in range(s.pick([0, 1, 1, 2, 3])):
            self.encounter()

    def item(self, model, share, *, created_by=None, **fields):
        """A portfolio item (milestone, coping skill, encounter), shared with a portal client now and then."""
        s = self.s
        days = s.rng.randint(1, self.since)
        when = s.at(days)
        author = created_by or self.therapist
        sharing = self.shared_fields(share, when)
        if sharing:
            sharing["shared_by"] = author
        day_field = {"achieved_on": when.date()} if model is Milestone else {}
        return s.add(
            model(
                id=s.uid(),
                client=self.client,
                created_by=author,
                created_at=when,
                updated_at=when,
                **day_field,
                **sharing,
                **fields,
            )
        )

    def micro_goal(self):
        s = self.s
        category = s.pick(GoalCategory.values)
        cadence = s.rng.choices(Cadence.values, weights=[50, 25, 25])[0]
        weekdays = sorted(s.rng.sample(range(7), s.rng.randint(2, 4))) if cadence == Cadence.WEEKDAYS else []
        days = s.rng.randint(min(self.since, 30), self.since)
        when = s.at(days)
        goal = s.add(
            MicroGoal(
                id=s.uid(),
                client=self.client,
                title=s.pick(T.GOALS[category]),
                category=category,
                cadence=cadence,
                weekdays=weekdays,
                archived_at=s.at(s.rng.randint(1, days)) if s.chance(0.1) else None,
                created_by=self.therapist,
                created_at=when,
                updated_at=when,
                **self.shared_fields(0.9, when),
            )
        )
        self.goal_checks(goal, min(days, 90))
        return goal

    def goal_checks(self, goal, window):
        """About ten ticks on days the goal was due (once a week for a weekly goal), at most one a day."""
        s = self.s
        offset = s.rng.randrange(7)
        if goal.cadence == Cadence.WEEKLY:
            due = [days for days in range(window, 0, -1) if days % 7 == offset]
        elif goal.cadence == Cadence.WEEKDAYS:
            due = [days for days in range(window, 0, -1) if s.day(days).weekday() in goal.weekdays]
        else:
            due = list(range(window, 0, -1))
        by_client = goal.shared_with_client
        checker = self.portal_user if by_client else self.therapist
        for days in sorted(s.rng.sample(due, min(len(due), s.rng.randint(6, 14))), reverse=True):
            when = s.at(days)
            s.add(GoalCheck(id=s.uid(), goal=goal, done_on=when.date(), checked_by=checker, created_at=when))
            if by_client:
                self.made(
                    "goal_check.create",
                    when,
                    (label(MicroGoal), goal.id),
                    f"/portal/goals/{goal.id}/check/",
                    {"day": when.date().isoformat()},
                    actor=checker,
                )

    def journal(self):
        s = self.s
        for _ in range(s.rng.randint(3, 7)):
            by_client = self.portal_user is not None and s.chance(0.6)
            kind = EntryKind.VICTORY if s.chance(0.6) else EntryKind.REFLECTION
            when = s.at(s.rng.randint(1, self.since))
            author = self.portal_user if by_client else self.therapist
            entry = s.add(
                JournalEntry(
                    id=s.uid(),
                    client=self.client,
                    kind=kind,
                    text=s.pick(T.JOURNAL_VICTORIES if kind == EntryKind.VICTORY else T.JOURNAL_REFLECTIONS),
                    private=by_client and s.chance(0.3),  # private entries are the client's own
                    written_on=when.date(),
                    author=author,
                    created_at=when,
                )
            )
            path = "/portal/journal/" if by_client else f"{self.url}portfolio/new/journal/"
            self.made(
                "journal_entry.create",
                when,
                (label(JournalEntry), entry.id),
                path,
                {"private": entry.private},
                actor=author,
            )

    def encounter(self):
        """A stigma encounter; one a portal client logged is shared with them, by them."""
        s = self.s
        by_client = self.portal_user is not None and s.chance(0.4)
        before = s.rng.randint(3, 9)
        encounter = self.item(
            StigmaEncounter,
            0.3,
            created_by=self.portal_user if by_client else None,
            setting=s.pick(EncounterSetting.values),
            what_happened=s.pick(T.ENCOUNTERS),
            response=s.pick(T.ENCOUNTER_RESPONSES),
            distress_before=before,
            distress_after=max(0, before - s.rng.randint(0, 4)),
            debriefed_with=s.pick(DebriefedWith.values),
            learning=s.pick(T.ENCOUNTER_LEARNING),
        )
        encounter.occurred_on = encounter.created_at.date() - datetime.timedelta(days=s.rng.randint(0, 3))
        if by_client:
            encounter.shared_with_client, encounter.shared_by = True, self.portal_user
            encounter.shared_at = encounter.created_at

    def measures(self):
        """Pulse results: entered in session, or answered in the portal for an assignment; an open one now and then."""
        s = self.s
        for index, days in enumerate(s.some_days(self.since, s.rng.randint(2, 4))):
            key = INSTRUMENTS[index % len(INSTRUMENTS)]
            definition = definition_for(key)
            low, high = definition["scale"]["min"], definition["scale"]["max"]
            answers = {item["id"]: s.rng.randint(low, high) for item in definition["items"]}
            result = scored(key, answers)
            when = s.at(days)
            by_client = self.portal_user is not None and s.chance(0.5)
            assignment = None
            if by_client:
                assignment = s.add(
                    MeasureAssignment(
                        id=s.uid(),
                        client=self.client,
                        instrument=key,
                        assigned_by=self.therapist,
                        assigned_at=s.at(days + 3),
                        completed_at=when,
                    )
                )
            author = self.portal_user if by_client else self.therapist
            response = s.add(
                MeasureResponse(
                    id=s.uid(),
                    client=self.client,
                    instrument=key,
                    instrument_version=definition["version"],
                    answers=answers,
                    total=result.total,
                    subscales={name: str(value) for name, value in result.subscales.items()},
                    band=result.band.get("label", {}),
                    assignment=assignment,
                    completed_by=author,
                    completed_at=when,
                )
            )
            path = f"/portal/measures/{assignment.id}/" if assignment else f"{self.url}portfolio/measures/{key}/enter/"
            self.made(
                "measure.record", when, (label(MeasureResponse), response.id), path, {"instrument": key}, actor=author
            )
        if self.portal_user and s.chance(0.3):
            s.add(
                MeasureAssignment(
                    id=s.uid(),
                    client=self.client,
                    instrument=s.pick(INSTRUMENTS),
                    assigned_by=self.therapist,
                    assigned_at=s.at(s.rng.randint(1, 10)),
                )
            )

    # Reminders, with a past delivery (and its notification) for those that repeat.

    def reminders(self):
        s = self.s
        shared_goals = [goal for goal in self.goals if goal.shared_with_client and not goal.archived_at]
        if shared_goals and s.chance(0.7):
            goal = shared_goals[0]
            self.reminder(
                self.portal_user,
                ReminderKind.MICRO_GOAL,
                s.day(s.rng.randint(1, 20)),
                s.pick([datetime.time(8, 0), datetime.time(12, 30), datetime.time(19, 0)]),
                recurrence=CADENCE_TO_RECURRENCE[goal.cadence],
                weekdays=list(goal.weekdays),
                link="/portal/",
                source=f"micro_goal:{goal.id}",
                channel=s.pick(ReminderChannel.values),
            )
        if self.client.status != ClientStatus.ACTIVE:
            return
        if s.chance(0.5):
            self.reminder(
                self.therapist,
                ReminderKind.CHECK_IN,
                s.day(s.rng.randint(1, 60)),
                datetime.time(8, 30),
                recurrence=Recurrence.WEEKLY,
                link=self.url,
                note=s.pick(T.REMINDER_NOTES) if s.chance(0.3) else "",
            )
        if s.chance(0.15):
            self.reminder(
                self.therapist,
                ReminderKind.PLAN_REVIEW,
                s.day(-s.rng.randint(1, 7)),
                datetime.time(10, 0),
                link=f"{self.url}safety-plan/",
            )
        if s.chance(0.15):
            self.reminder(
                self.therapist,
                ReminderKind.CUSTOM,
                s.day(-s.rng.randint(1, 7)),
                datetime.time(14, 0),
                link=self.url,
                note=s.pick(T.REMINDER_NOTES),
            )

    def reminder(
        self,
        recipient,
        kind,
        starts_on,
        local_time,
        *,
        recurrence=Recurrence.NONE,
        weekdays=(),
        link="",
        source="",
        note="",
        channel=ReminderChannel.EMAIL,
        status=ReminderStatus.ACTIVE,
    ):
        s = self.s
        reminder = Reminder(
            id=s.uid(),
            recipient=recipient,
            client=self.client,
            kind=kind,
            note=note,
            link=link,
            source=source,
            starts_on=starts_on,
            local_time=local_time,
            time_zone=s.clinic.timezone,
            recurrence=recurrence,
            weekdays=list(weekdays),
            channel=channel,
            created_by=recipient if recipient.role == Role.CLIENT else self.therapist,
            created_at=s.at(max(1, (s.today - starts_on).days, s.rng.randint(1, 10))),
        )
        reminder.next_at = next_occurrence(reminder, after=s.after)
        # As the services do: a reminder with no occurrence ahead is done, whatever its feature's state.
        reminder.status = status if reminder.next_at else ReminderStatus.DONE
        s.add(reminder)
        if recurrence != Recurrence.NONE:
            self.past_delivery(reminder)

    def past_delivery(self, reminder):
        """The latest occurrence up to yesterday, sent; an in-app one leaves a notification, most of them read."""
        s = self.s
        for days in range(1, 9):
            day = s.day(days)
            if occurs_on(reminder, day):
                break
        else:
            return
        occurrence = datetime.datetime.combine(day, reminder.local_time, tzinfo=s.zone)
        recipient, channel = reminder.recipient, ReminderChannel.EMAIL
        safe_email = self.client.allow_email and self.client.email_is_safe
        if reminder.channel == ReminderChannel.IN_APP or (recipient.role == Role.CLIENT and not safe_email):
            channel = ReminderChannel.IN_APP
        delivery = s.add(
            Delivery(
                id=s.uid(),
                reminder=reminder,
                occurrence=occurrence,
                channel=channel,
                status=DeliveryStatus.SENT,
                attempts=1,
                created_at=occurrence,
                sent_at=occurrence + datetime.timedelta(seconds=s.rng.randint(1, 50)),
            )
        )
        if channel == ReminderChannel.IN_APP:
            read = occurrence + datetime.timedelta(hours=s.rng.randint(1, 20)) if s.chance(0.6) and days > 1 else None
            s.add(
                Notification(
                    id=s.uid(),
                    user=recipient,
                    delivery=delivery,
                    link=reminder.link,
                    created_at=occurrence,
                    text=s.notification_text[recipient.preferred_language],
                    read_at=read,
                )
            )
