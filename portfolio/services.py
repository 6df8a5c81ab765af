"""Writes of the portfolio: permission-checked, atomic and audited.

The care team writes every part; the client writes their own journal, ticks their shared
micro-goals and logs stigma encounters from the portal.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit import recording
from clients import access, attention
from clients.editing import create_once, save_the_one
from clients.models import ActivityKind, Client
from clinics.models import Clinic

from .models import EmpowermentPlan, EntryKind, GoalCheck, JournalEntry, MicroGoal, Reframe, StigmaEncounter

if TYPE_CHECKING:
    from .models import MeasureAssignment, MeasureResponse


def _ensure_writer(user: User, client: Client, *, client_may_write: bool = False) -> None:
    if client_may_write and access.is_own_record(user, client):
        return
    access.ensure_can(user, "write", client)


@transaction.atomic
def item_create(
    *,
    client: Client,
    by_user: User,
    model: type[models.Model],
    data: dict[str, Any],
    submission_key: uuid.UUID | None = None,
) -> Any:
    """Create a portfolio item (milestone, coping skill, micro-goal...) written by the care team."""
    access.ensure_can(by_user, "write", client)
    item, _created = create_once(
        model,
        by_user=by_user,
        action=f"{model._meta.model_name}.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "created_by": by_user},
        data=data,
    )
    return item


@transaction.atomic
def plan_save(
    *, client: Client, by_user: User, data: dict[str, Any], expected_version: int | None = None
) -> EmpowermentPlan:
    """Create the empowerment plan, or save changes to it; refused if someone saved in between."""
    access.ensure_can(by_user, "write", client)
    return save_the_one(
        EmpowermentPlan,
        client=client,
        by_user=by_user,
        created="empowermentplan.create",
        updated="empowermentplan.update",
        data=data,
        expected_version=expected_version,
        fields={"created_by": by_user},
    )


@transaction.atomic
def reframe_create(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> Reframe:
    """Add a dated reframe to the plan (made with an empty plan if there is none yet)."""
    access.ensure_can(by_user, "write", client)

    def prepare(reframe: Reframe) -> None:
        reframe.plan, _created = EmpowermentPlan.objects.get_or_create(client=client, defaults={"created_by": by_user})

    reframe, _created = create_once(
        Reframe,
        by_user=by_user,
        action="reframe.create",
        client=client,
        submission_key=submission_key,
        fields={"created_by": by_user},
        data=data,
        prepare=prepare,
    )
    return reframe


@transaction.atomic
def goal_check_set(*, goal: MicroGoal, by_user: User, day: datetime.date | None = None, done: bool = True) -> MicroGoal:
    """Tick (or untick) a micro-goal for a day: by the care team, or by the client on a goal shared with them."""
    client = goal.client
    if access.is_own_record(by_user, client):
        if not goal.shared_with_client:
            raise PermissionDenied
    else:
        access.ensure_can(by_user, "write", client)
    day = day or timezone.localdate()
    if done:
        try:
            with transaction.atomic():
                check, created = GoalCheck.objects.get_or_create(
                    goal=goal, done_on=day, defaults={"checked_by": by_user}
                )
        except IntegrityError:  # a double tap raced the first: the day is ticked either way
            created = False
        if created:
            recording.record(by_user, "goal_check.create", client=client, obj=goal, detail={"day": day.isoformat()})
            if access.is_own_record(by_user, client):
                attention.record_activity(
                    client=client, kind=ActivityKind.GOAL_TICK, link=_portfolio_url(client), by_user=by_user
                )
    else:
        deleted, _rows = GoalCheck.objects.filter(goal=goal, done_on=day).delete()
        if deleted:
            recording.record(by_user, "goal_check.delete", client=client, obj=goal, detail={"day": day.isoformat()})
    return goal


@transaction.atomic
def journal_write(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> JournalEntry:
    """A journal entry by the client (who may keep it private) or by the care team.

    The client always sees their own entries. A care-team entry is never private, and follows the
    "shared with client" switch like every other item: off unless the writer turns it on.
    """
    own = access.is_own_record(by_user, client)
    _ensure_writer(by_user, client, client_may_write=True)

    def prepare(entry: JournalEntry) -> None:
        if own:
            entry.shared_with_client = False  # their own entry: theirs whatever the switch says
        else:
            entry.private = False
            if entry.shared_with_client:
                entry.shared_by, entry.shared_at = by_user, timezone.now()

    entry, _created = create_once(
        JournalEntry,
        by_user=by_user,
        action="journal_entry.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "author": by_user},
        data=data,
        prepare=prepare,
        detail=lambda entry: {"private": entry.private, "shared": entry.shared_with_client},
    )
    if own and _created:
        # A private entry is only "wrote a private entry": no kind, no link, nothing of its text.
        if entry.private:
            kind, link = ActivityKind.JOURNAL_PRIVATE, ""
        else:
            kind = ActivityKind.VICTORY if entry.kind == EntryKind.VICTORY else ActivityKind.JOURNAL
            link = _portfolio_url(client)
        attention.record_activity(client=client, kind=kind, link=link, by_user=by_user)
    return entry


@transaction.atomic
def encounter_log(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> StigmaEncounter:
    """A stigma encounter, logged by the care team or by the client (whose own log they always see)."""
    own = access.is_own_record(by_user, client)
    _ensure_writer(by_user, client, client_may_write=True)

    def prepare(encounter: StigmaEncounter) -> None:
        if own:
            encounter.shared_with_client, encounter.shared_by, encounter.shared_at = True, by_user, timezone.now()

    encounter, created = create_once(
        StigmaEncounter,
        by_user=by_user,
        action="stigma_encounter.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "created_by": by_user},
        data=data,
        prepare=prepare,
        detail={"by_client": own},
    )
    if own and created:
        attention.record_activity(
            client=client,
            kind=ActivityKind.ENCOUNTER,
            facts={"distress_before": encounter.distress_before, "distress_after": encounter.distress_after},
            link=_portfolio_url(client),
            by_user=by_user,
        )
    return encounter


@dataclass
class Questionnaire:
    """What a person is asked: the items' text, the answers' labels, the stem and the follow-up question, all in
    `language` (the wording's language; it differs from the one asked for when no exact translation is loaded)."""

    items: list[tuple[str, str]]
    labels: list[str]
    stem: str
    followup: dict[str, Any] | None  # {"id", "text", "labels"}
    language: str
    asked_for: str

    @property
    def in_another_language(self) -> bool:
        return self.language.split("-")[0] != self.asked_for.split("-")[0]


def questionnaire(definition: dict[str, Any], clinic: Clinic, language: str) -> Questionnaire | None:
    """The questionnaire in `language` when its exact wording is there: shipped with the product (`languages`), or
    loaded by the clinic (a licensed instrument's wording, or an official translation). Otherwise, for an instrument
    whose wording ships, the shipped wording in its first language (the page says so); None for a licensed
    instrument whose wording the clinic has not loaded, which is then offered nowhere."""
    from .instruments import languages
    from .models import InstrumentWording

    base = language.split("-")[0]
    shipped_in = languages(definition) if definition.get("wording") == "included" else []
    if base in shipped_in:
        return _shipped(definition, base, asked_for=language)
    wordings = {
        wording.language: wording
        for wording in InstrumentWording.objects.filter(clinic=clinic, instrument=definition["key"])
    }
    wording = wordings.get(base) or (None if shipped_in else next(iter(wordings.values()), None))
    if wording is not None:
        extra = wording.extra or {}
        fallback = _shipped(definition, shipped_in[0], asked_for=language) if shipped_in else None
        followup = None
        followup_wording = extra.get("followup") or (fallback.followup if fallback else None)
        if definition.get("followup") and followup_wording:
            followup = {**followup_wording, "id": definition["followup"]["id"]}
        return Questionnaire(
            items=[(item["id"], wording.items[item["id"]]) for item in definition["items"]],
            labels=extra.get("labels") or _labels(definition["scale"], wording.language),
            stem=extra.get("stem", "") or (fallback.stem if fallback else ""),
            followup=followup,
            language=wording.language,
            asked_for=language,
        )
    if shipped_in:
        return _shipped(definition, shipped_in[0], asked_for=language)
    return None


def _labels(scale: dict[str, Any], language: str) -> list[str]:
    labels = scale.get("labels", {})
    return labels.get(language) or labels.get("en") or []


def _shipped(definition: dict[str, Any], language: str, *, asked_for: str) -> Questionnaire:
    followup = definition.get("followup")
    return Questionnaire(
        items=[(item["id"], item["text"].get(language) or item["text"]["en"]) for item in definition["items"]],
        labels=_labels(definition["scale"], language),
        stem=(definition.get("stem") or {}).get(language, ""),
        followup={
            "id": followup["id"],
            "text": followup["text"].get(language) or followup["text"]["en"],
            "labels": followup["labels"].get(language) or followup["labels"]["en"],
        }
        if followup
        else None,
        language=language,
        asked_for=asked_for,
    )


def instruments_offered(clinic: Clinic) -> list[dict[str, Any]]:
    """The instruments a therapist of this clinic can ask or enter: every one whose wording is there (a licensed
    instrument only once the clinic loaded its wording). One query."""
    from .instruments import shipped
    from .models import InstrumentWording

    loaded = set(InstrumentWording.objects.filter(clinic=clinic).values_list("instrument", flat=True))
    return [
        definition for key, definition in shipped().items() if definition.get("wording") == "included" or key in loaded
    ]


def measure_assign(*, client: Client, by_user: User, instrument: str) -> "MeasureAssignment":
    """Ask the client once, now (portfolio/schedules.py has the schedules)."""
    from . import schedules

    return schedules.ask(client=client, by_user=by_user, instrument=instrument, cadence="once")  # type: ignore[return-value]


@transaction.atomic
def measure_record(
    *,
    client: Client,
    by_user: User,
    instrument: str,
    answers: dict[str, Any],
    assignment: "MeasureAssignment | None" = None,
    submission_key: uuid.UUID | None = None,
) -> "MeasureResponse":
    """Score and store a completed questionnaire: entered in session, or by the client for their assignment."""
    from .instruments import definition_for, safety_item_raised, score
    from .models import MeasureAssignment, MeasureResponse

    own = access.is_own_record(by_user, client)
    if own:
        if assignment is None or assignment.client_id != client.pk:
            raise PermissionDenied
    else:
        access.ensure_can(by_user, "write", client)

    def prepare(response: "MeasureResponse") -> None:
        definition = definition_for(instrument)
        result = score(definition, answers)  # raises InstrumentError naming unanswered items
        response.instrument, response.instrument_version = definition["key"], definition["version"]
        response.answers = {key: int(value) for key, value in answers.items() if value not in (None, "")}
        response.total, response.band, response.prorated = result.total, result.band.get("label", {}), result.prorated
        response.subscales = {key: str(value) for key, value in result.subscales.items()}

    response, created = create_once(
        MeasureResponse,
        by_user=by_user,
        action="measure.record",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "assignment": assignment, "completed_by": by_user},
        prepare=prepare,
        detail={"instrument": instrument},
    )
    if created and assignment is not None:
        MeasureAssignment.objects.filter(pk=assignment.pk).update(completed_at=response.completed_at)
    if created and own:
        attention.record_activity(
            client=client,
            kind=ActivityKind.MEASURE,
            facts={
                "instrument": response.instrument,
                "worse": _in_a_worse_band(response),
                "safety": safety_item_raised(definition_for(response.instrument), response.answers),
            },
            link=reverse("portfolio:measures", kwargs={"client_id": client.pk}),
            by_user=by_user,
        )
    return response


def _portfolio_url(client: Client) -> str:
    """The care team's page of the client's portfolio, where goals, the journal and encounters are."""
    return reverse("portfolio:home", kwargs={"client_id": client.pk})


def _in_a_worse_band(response: "MeasureResponse") -> bool:
    """Whether this questionnaire's score fell in a worse severity band than the client's previous one of the same
    instrument (which way is worse comes from the instrument: `higher_is_better`)."""
    from .instruments import band_for, definition_for
    from .models import MeasureResponse

    previous = (
        MeasureResponse.objects.filter(client_id=response.client_id, instrument=response.instrument)
        .exclude(pk=response.pk)
        .order_by("-completed_at")
        .values_list("total", flat=True)
        .first()
    )
    if previous is None or response.total is None:
        return False
    definition = definition_for(response.instrument)
    bands = definition["bands"]
    now, before = bands.index(band_for(definition, response.total)), bands.index(band_for(definition, previous))
    return now < before if definition.get("higher_is_better") else now > before
