"""The care loop (issue 24): what the client does in the portal reaches the care team.

Each attention rule fires at its threshold and not below, a clinic can change it, an acknowledgement is audited,
the client's "pause" takes effect on the plan's reminders at once, and the client is told when something waits.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from advocacy.models import PlanStatus
from audit.models import AuditEvent
from clients import attention
from clients.models import Activity, ActivityKind, AttentionSettings, Flag, FlagRule
from disclosure.models import DisclosureStatus
from peers.models import PeerReferral, ReferralStatus
from portfolio import attention_rules
from reminders.models import Notification, Reminder, ReminderKind, ReminderStatus

from ..factories import (
    AdvocacyPlanFactory,
    ClientFactory,
    DisclosurePlanFactory,
    MicroGoalFactory,
    PeerReferralFactory,
    UserFactory,
)

TODAY = timezone.localdate


def encounter(distress_before, distress_after=2):
    return {
        "occurred_on": TODAY().isoformat(),
        "setting": "work",
        "what_happened": "A remark about people living with schizophrenia",
        "response": "I said it was hurtful",
        "distress_before": str(distress_before),
        "distress_after": str(distress_after),
        "debriefed_with": "not_yet",
        "learning": "I can speak up",
    }


@pytest.fixture
def as_client(client, login, client_user):
    login(client_user)
    return client


# --- Encounters: distress at or above the clinic's threshold ---------------------------------------------------


@pytest.mark.parametrize(("before", "after", "flagged"), [(8, 2, True), (2, 9, True), (7, 7, False), (0, 0, False)])
def test_an_encounter_is_flagged_at_the_default_threshold_of_8_and_not_below(
    as_client, client_record, before, after, flagged
):
    assert as_client.post(reverse("portal:encounter_log"), encounter(before, after)).status_code == 302
    activity = Activity.objects.get(client=client_record)
    assert activity.kind == ActivityKind.ENCOUNTER
    assert activity.facts == {"distress_before": before, "distress_after": after}
    assert Flag.objects.filter(client=client_record, rule=FlagRule.HIGH_DISTRESS).exists() is flagged


def test_the_clinic_changes_the_threshold_or_turns_the_rule_off(as_client, client_record, clinic):
    AttentionSettings.objects.create(clinic=clinic, high_distress_at_least=9)
    as_client.post(reverse("portal:encounter_log"), encounter(8))
    assert not Flag.objects.exists()
    as_client.post(reverse("portal:encounter_log"), encounter(9))
    assert Flag.objects.count() == 1
    AttentionSettings.objects.filter(clinic=clinic).update(high_distress_on=False)
    as_client.post(reverse("portal:encounter_log"), encounter(10))
    assert Flag.objects.count() == 1
    assert Activity.objects.filter(kind=ActivityKind.ENCOUNTER).count() == 3  # the feed has every one


def test_a_therapist_logging_an_encounter_in_session_raises_nothing(client, login, therapist, client_record):
    login(therapist)
    client.post(reverse("portfolio:item_create", args=[client_record.pk, "encounter"]), encounter(10))
    assert not Activity.objects.exists()
    assert not Flag.objects.exists()


# --- Advocacy reviews: a pause is honoured at once ------------------------------------------------------------


@pytest.fixture
def shared_advocacy_plan(client_record, therapist):
    plan = AdvocacyPlanFactory(client=client_record, shared_with_client=True)
    # the plan's review reminder to the client, which a pause must stop at once
    Reminder.objects.create(
        recipient=client_record.portal_user,
        client=client_record,
        kind=ReminderKind.ADVOCACY_REVIEW,
        source=f"advocacy_plan:{plan.pk}:review",
        local_time=datetime.time(9),
        time_zone="UTC",
        next_at=timezone.now() + datetime.timedelta(days=3),
        created_by=therapist,
    )
    return plan


def review(decision, signs=()):
    return {"energy": "4", "wellbeing": "5", "decision": decision, "burnout_signs": list(signs), "notes": ""}


def test_the_clients_pause_pauses_the_plan_and_its_reminders_at_once_and_they_are_told(
    as_client, client_record, shared_advocacy_plan
):
    response = as_client.post(
        reverse("portal:advocacy_review", args=[shared_advocacy_plan.pk]), review("pause"), follow=True
    )
    shared_advocacy_plan.refresh_from_db()
    assert shared_advocacy_plan.status == PlanStatus.PAUSED
    assert (
        not Reminder.objects.filter(client=client_record, status=ReminderStatus.ACTIVE).exclude(kind="notice").exists()
    )
    plan_reminders = Reminder.objects.filter(source__startswith=f"advocacy_plan:{shared_advocacy_plan.pk}")
    assert set(plan_reminders.values_list("status", flat=True)) == {ReminderStatus.PAUSED}
    page = response.content.decode()
    assert "Your advocacy plan is paused now, and its reminders have stopped." in page
    flag = Flag.objects.get(client=client_record)
    assert flag.rule == FlagRule.PAUSE_REQUESTED
    assert flag.link == shared_advocacy_plan.get_absolute_url()


@pytest.mark.parametrize(
    ("decision", "signs", "flagged"),
    [("continue", ["symptoms"], True), ("slow_down", ["sleep"], False), ("continue", [], False)],
)
def test_a_review_reporting_symptoms_returning_is_flagged_without_pausing(
    as_client, client_record, shared_advocacy_plan, decision, signs, flagged
):
    as_client.post(reverse("portal:advocacy_review", args=[shared_advocacy_plan.pk]), review(decision, signs))
    shared_advocacy_plan.refresh_from_db()
    assert shared_advocacy_plan.status == PlanStatus.ACTIVE
    assert Flag.objects.filter(rule=FlagRule.PAUSE_REQUESTED).exists() is flagged


# --- Debriefs, consent, questionnaires ----------------------------------------------------------------------------


@pytest.mark.parametrize(("outcome", "flagged"), [("hard", True), ("mixed", False), ("went_well", False)])
def test_a_debrief_that_went_badly_is_flagged(as_client, client_record, outcome, flagged):
    plan = DisclosurePlanFactory(client=client_record, shared_with_client=True, status=DisclosureStatus.DISCLOSED)
    response = as_client.post(
        reverse("portal:disclosure_debrief", args=[plan.pk]), {"outcome": outcome, "how_it_went": "It happened."}
    )
    assert response.status_code == 302
    assert Activity.objects.get().facts == {"outcome": outcome}
    assert Flag.objects.filter(rule=FlagRule.DEBRIEF_WENT_BADLY).exists() is flagged


def test_consent_given_then_withdrawn_in_the_portal_flags_the_withdrawal(as_client, client_record):
    referral = PeerReferralFactory(client=client_record)
    PeerReferral.objects.filter(pk=referral.pk).update(status=ReferralStatus.AWAITING_CONSENT, shown_to_client=True)
    as_client.post(reverse("portal:referral_consent", args=[referral.pk]), {"agree": "yes"})
    assert not Flag.objects.exists()
    as_client.post(reverse("portal:referral_withdraw", args=[referral.pk]), {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    kinds = list(Activity.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == [ActivityKind.CONSENT_GIVEN, ActivityKind.CONSENT_WITHDRAWN]
    assert Flag.objects.get().rule == FlagRule.CONSENT_WITHDRAWN


def pulse(as_client, client_record, therapist, answer):
    from portfolio import services

    assignment = services.measure_assign(client=client_record, by_user=therapist, instrument="self_stigma_pulse")
    answers = {"ashamed": answer, "kept_quiet": answer, "believed_it": answer, "stood_up": 5 - answer}
    response = as_client.post(reverse("portal:measure", args=[assignment.pk]), answers)
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_questionnaire_in_a_worse_band_than_the_last_is_flagged(as_client, client_record, therapist):
    pulse(as_client, client_record, therapist, 1)  # the first: nothing to compare with
    pulse(as_client, client_record, therapist, 1)  # the same band
    assert not Flag.objects.exists()
    pulse(as_client, client_record, therapist, 4)  # worse (higher self-stigma)
    assert Flag.objects.get().rule == FlagRule.MEASURE_WORSE
    pulse(as_client, client_record, therapist, 1)  # better: no flag
    assert Flag.objects.count() == 1


# --- No portal activity while goals are active (the hourly task) ----------------------------------------------


def test_a_quiet_client_with_active_goals_is_flagged_once(client_record, clinic):
    long_ago = timezone.now() - datetime.timedelta(days=20)
    goal = MicroGoalFactory(client=client_record, shared_with_client=True)
    type(goal).objects.filter(pk=goal.pk).update(created_at=long_ago)
    type(client_record.portal_user).objects.filter(pk=client_record.portal_user_id).update(last_login=long_ago)
    quiet_without_goals = ClientFactory(clinic=clinic, portal_user=UserFactory(clinic=clinic, role="client"))
    assert attention_rules.flag_quiet_clients() == 1
    flag = Flag.objects.get()
    assert (flag.client_id, flag.rule, flag.facts) == (client_record.pk, FlagRule.NO_ACTIVITY, {"days": 14})
    assert attention_rules.flag_quiet_clients() == 0  # not again until another N days pass
    assert not Flag.objects.filter(client=quiet_without_goals).exists()


def test_the_quiet_rule_follows_the_clinics_days_and_activity_resets_it(client_record, clinic):
    now = timezone.now()
    goal = MicroGoalFactory(client=client_record, shared_with_client=True)
    type(goal).objects.filter(pk=goal.pk).update(created_at=now - datetime.timedelta(days=60))
    AttentionSettings.objects.create(clinic=clinic, no_activity_days=30)
    Activity.objects.create(
        client=client_record, kind=ActivityKind.GOAL_TICK, created_at=now - datetime.timedelta(days=20)
    )
    assert attention_rules.flag_quiet_clients(now) == 0  # 20 days is within 30
    assert attention_rules.flag_quiet_clients(now + datetime.timedelta(days=11)) == 1
    AttentionSettings.objects.filter(clinic=clinic).update(no_activity_on=False)
    Flag.objects.all().delete()
    assert attention_rules.flag_quiet_clients(now + datetime.timedelta(days=60)) == 0


# --- The care team is told; the flag is acknowledged ------------------------------------------------------------


def test_a_flag_tells_the_care_team_discreetly(as_client, client_record, therapist, colleague):
    client_record.care_team_members.create(user=colleague)
    as_client.post(reverse("portal:encounter_log"), encounter(9))
    notes = Notification.objects.filter(user__in=[therapist, colleague])
    assert {note.user_id for note in notes} == {therapist.pk, colleague.pk}
    for note in notes:
        assert note.text == "A client on your caseload may need your attention"  # no name, no clinical words
        assert client_record.display_name not in note.text
    email = Reminder.objects.get(kind=ReminderKind.NOTICE)  # the primary therapist's email, sent by the dispatcher
    assert (email.recipient, email.channel, email.status) == (therapist, "email", ReminderStatus.ACTIVE)
    assert email.next_at <= timezone.now()


def test_the_clinic_can_keep_flags_out_of_email(as_client, client_record, clinic):
    AttentionSettings.objects.create(clinic=clinic, email_staff=False)
    as_client.post(reverse("portal:encounter_log"), encounter(9))
    assert Notification.objects.exists()
    assert not Reminder.objects.filter(kind=ReminderKind.NOTICE).exists()


def test_the_overview_shows_the_flag_and_the_feed_and_acknowledging_is_audited(
    client, login, client_user, therapist, client_record
):
    login(client_user)
    client.post(reverse("portal:encounter_log"), encounter(9))
    client.post(
        reverse("portal:journal"),
        {"kind": "reflection", "text": "My secret thoughts today", "private": "on", "written_on": TODAY().isoformat()},
    )
    client.logout()
    login(therapist)
    page = client.get(client_record.get_absolute_url()).content.decode()
    assert "Needs your attention" in page
    assert "A stigma encounter with high distress" in page
    assert "distress 9 before, 2 after" in page
    assert "Logged a stigma encounter" in page
    assert "Wrote a private entry" in page
    assert "My secret thoughts today" not in page  # a private entry's text reaches nobody
    flag = Flag.objects.get()
    url = reverse("clients:flag_acknowledge", args=[client_record.pk, flag.pk])
    assert client.post(url, {"note": "Called Dana; we will talk on Tuesday."}).status_code == 302
    client.post(url, {"note": "again"})  # a second send changes nothing
    flag.refresh_from_db()
    assert flag.acknowledged_by == therapist
    assert flag.note == "Called Dana; we will talk on Tuesday."
    assert AuditEvent.objects.filter(action="flag.acknowledge", client=client_record, actor=therapist).count() == 1
    assert "Needs your attention" not in client.get(client_record.get_absolute_url()).content.decode()


def test_feedback_kept_from_the_therapist_is_not_in_the_feed(client, login, client_user, client_record):
    login(client_user)
    for anonymous in (True, False):
        data = {
            "kind": "complaint",
            "subject": "Waiting room",
            "text": "Too loud.",
            "anonymous_to_therapist": anonymous,
        }
        client.post(reverse("portal:grievance_new"), {k: v for k, v in data.items() if v is not False})
    assert list(Activity.objects.values_list("kind", flat=True)) == [ActivityKind.FEEDBACK]


@pytest.mark.parametrize("who", ["colleague", "admin", "other_therapist", "other_client_user"])
def test_a_flag_is_not_found_by_anyone_outside_the_care_team(client, login, request, client_record, who):
    flag = attention.raise_flag(client=client_record, rule=FlagRule.CONSENT_WITHDRAWN)
    login(request.getfixturevalue(who))
    url = reverse("clients:flag_acknowledge", args=[client_record.pk, flag.pk])
    assert client.post(url, {"note": "x"}).status_code == 404
    flag.refresh_from_db()
    assert flag.acknowledged_at is None
    assert not Flag.objects.visible_to(request.getfixturevalue(who)).exists()


def test_the_client_never_sees_their_flags_or_activity(client_user, client_record):
    attention.record_activity(client=client_record, kind=ActivityKind.ENCOUNTER, facts={"distress_before": 9})
    assert Flag.objects.exists()
    assert Activity.objects.exists()
    assert not Flag.objects.visible_to(client_user).exists()
    assert not Activity.objects.visible_to(client_user).exists()


def test_the_caseload_badges_and_filters_clients_with_open_flags(client, login, therapist, client_record, clinic):
    calm = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="Sam")
    from ..factories import SafetyPlanFactory

    SafetyPlanFactory(client=calm)
    SafetyPlanFactory(client=client_record)
    attention.raise_flag(client=client_record, rule=FlagRule.CONSENT_WITHDRAWN)
    login(therapist)
    page = client.get(reverse("clients:caseload")).content.decode()
    assert "1 open flag" in page
    attention_page = client.get(reverse("clients:caseload"), {"attention": "1"}).content.decode()
    assert "Dana" in attention_page
    assert "Sam</a>" not in attention_page


# --- The client is told when something waits for them ---------------------------------------------------------


def test_the_client_is_told_of_a_questionnaire_a_consent_request_and_a_shared_plan(
    client, login, therapist, client_user, client_record
):
    from portfolio import services

    services.measure_assign(client=client_record, by_user=therapist, instrument="self_stigma_pulse")
    referral = PeerReferralFactory(client=client_record)
    login(therapist)
    client.post(reverse("peers:referral_status", args=[client_record.pk, referral.pk]), {"status": "awaiting_consent"})
    plan = AdvocacyPlanFactory(client=client_record)
    client.post(reverse("clients:share", args=[client_record.pk, "advocacy_plan", plan.pk]), {"shared": "1"})
    texts = sorted(Notification.objects.filter(user=client_user).values_list("text", flat=True))
    assert texts == [
        "A possible connection is waiting for your answer",
        "A questionnaire is waiting for you",
        "Your therapist shared something new with you",
    ]
    # email was not allowed for this client: in the portal only
    assert not Reminder.objects.filter(kind=ReminderKind.NOTICE).exists()


def test_a_client_who_allows_safe_email_gets_a_discreet_email_in_their_language(therapist, client_user, client_record):
    from portfolio import services

    type(client_record).objects.filter(pk=client_record.pk).update(allow_email=True, email_is_safe=True)
    type(client_user).objects.filter(pk=client_user.pk).update(preferred_language="es")
    client_record.refresh_from_db()
    services.measure_assign(client=client_record, by_user=therapist, instrument="self_stigma_pulse")
    assert Notification.objects.get(user=client_user).text == "Tienes un cuestionario esperándote"
    email = Reminder.objects.get(kind=ReminderKind.NOTICE)
    assert (email.recipient_id, email.channel) == (client_user.pk, "email")


def test_a_client_who_turned_off_portal_notices_and_email_is_not_told(therapist, client_user, client_record):
    from portfolio import services

    type(client_record).objects.filter(pk=client_record.pk).update(allow_in_app=False)
    client_record.refresh_from_db()
    services.measure_assign(client=client_record, by_user=therapist, instrument="self_stigma_pulse")
    assert not Notification.objects.filter(user=client_user).exists()


def test_notice_emails_are_never_listed_as_reminders(client, login, therapist, client_user, client_record):
    from portfolio import services

    type(client_record).objects.filter(pk=client_record.pk).update(allow_email=True, email_is_safe=True)
    client_record.refresh_from_db()
    services.measure_assign(client=client_record, by_user=therapist, instrument="self_stigma_pulse")
    assert Reminder.objects.filter(kind=ReminderKind.NOTICE).exists()
    login(client_user)
    page = client.get(reverse("portal:reminders")).content.decode()
    assert "Notice" not in page


def test_since_the_last_session_starts_at_the_last_held_session_and_the_next_one_is_named(
    client, login, therapist, client_record
):
    from clients.models import Session, SessionStatus

    now = timezone.now()
    before = Activity.objects.create(client=client_record, kind=ActivityKind.GOAL_TICK)
    Activity.objects.filter(pk=before.pk).update(created_at=now - datetime.timedelta(days=10))
    Activity.objects.create(
        client=client_record, kind=ActivityKind.VICTORY, created_at=now - datetime.timedelta(days=2)
    )
    Session.objects.create(
        client=client_record,
        therapist=therapist,
        created_by=therapist,
        starts_at=now - datetime.timedelta(days=7),
        status=SessionStatus.HELD,
    )
    upcoming = Session.objects.create(
        client=client_record, therapist=therapist, created_by=therapist, starts_at=now + datetime.timedelta(days=3)
    )
    login(therapist)
    response = client.get(client_record.get_absolute_url())
    overview = response.context["overview"]
    assert [item.kind for item, _count in overview.activity] == [
        ActivityKind.VICTORY
    ]  # the tick came before the session
    assert overview.next_session_at == upcoming.starts_at
    assert "Next session:" in response.content.decode()


def test_sharing_several_things_at_once_tells_the_client_once(therapist, client_user, client_record):
    from clients.services import item_set_shared

    for _ in range(3):
        item_set_shared(item=AdvocacyPlanFactory(client=client_record), by_user=therapist, shared=True)
    assert Notification.objects.filter(user=client_user).count() == 1
    Notification.objects.filter(user=client_user).update(read_at=timezone.now())
    item_set_shared(item=AdvocacyPlanFactory(client=client_record), by_user=therapist, shared=True)
    assert Notification.objects.filter(user=client_user).count() == 2  # read: the next share is news again


def test_a_days_goal_ticks_are_one_line_of_the_feed():
    now = timezone.localtime().replace(hour=12)  # noon: a few minutes back is the same day
    ticks = [Activity(kind=ActivityKind.GOAL_TICK, created_at=now - datetime.timedelta(minutes=m)) for m in (1, 2, 3)]
    other = Activity(kind=ActivityKind.VICTORY, created_at=now - datetime.timedelta(minutes=4))
    yesterday = Activity(kind=ActivityKind.GOAL_TICK, created_at=now - datetime.timedelta(days=1))
    lines = attention.grouped([*ticks, other, yesterday])
    assert [(activity.kind, count) for activity, count in lines] == [
        (ActivityKind.GOAL_TICK, 3),
        (ActivityKind.VICTORY, 1),
        (ActivityKind.GOAL_TICK, 1),
    ]


def test_a_clinic_admin_changes_the_rules_and_it_is_audited(client, login, admin, clinic):
    login(admin)
    url = reverse("accounts:attention_settings")
    assert "distress at or above" in client.get(url).content.decode().lower()
    data = {
        "high_distress_on": "on",
        "high_distress_at_least": "9",
        "pause_requested_on": "on",
        "consent_withdrawn_on": "on",
        "no_activity_on": "on",
        "no_activity_days": "21",
    }
    assert client.post(url, data).status_code == 302
    rules = AttentionSettings.objects.get(clinic=clinic)
    assert (rules.high_distress_at_least, rules.no_activity_days) == (9, 21)
    assert (rules.debrief_went_badly_on, rules.measure_worse_on, rules.email_staff) == (False, False, False)
    event = AuditEvent.objects.get(action="clinic.attention_rules")
    assert "high_distress_at_least" in event.detail["fields"]
    refused = client.post(url, {**data, "high_distress_at_least": "11", "no_activity_days": "1"})
    assert refused.status_code == 400
    assert 'value="11"' in refused.content.decode()  # what was typed stays
    assert AttentionSettings.objects.get(clinic=clinic).high_distress_at_least == 9


def test_a_client_who_turned_off_portal_notices_but_allows_safe_email_gets_the_email_only(
    therapist, client_user, client_record
):
    from portfolio import services

    type(client_record).objects.filter(pk=client_record.pk).update(
        allow_in_app=False, allow_email=True, email_is_safe=True
    )
    client_record.refresh_from_db()
    services.measure_assign(client=client_record, by_user=therapist, instrument="self_stigma_pulse")
    assert not Notification.objects.filter(user=client_user).exists()
    assert Reminder.objects.get(kind=ReminderKind.NOTICE).recipient == client_user
