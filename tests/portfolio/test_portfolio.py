"""The resilience portfolio, first part: empowerment plan, micro-goals, journal, milestones, coping, encounters."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from portfolio.models import GoalCheck, JournalEntry, MicroGoal, Reframe, StigmaEncounter

from ..factories import MicroGoalFactory

TODAY = timezone.localdate


def test_a_private_journal_entry_is_never_shown_to_the_therapist(client, login, therapist, client_user, client_record):
    login(client_user)
    client.post(
        reverse("portal:journal"),
        {"kind": "reflection", "text": "Something only for me", "private": "on", "written_on": TODAY().isoformat()},
    )
    client.post(
        reverse("portal:journal"),
        {"kind": "victory", "text": "I spoke up at the meeting", "written_on": TODAY().isoformat()},
    )
    assert JournalEntry.objects.filter(private=True).count() == 1
    assert "Something only for me" in client.get(reverse("portal:journal")).content.decode()
    client.logout()
    login(therapist)
    for url in (reverse("portfolio:home", args=[client_record.pk]), client_record.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Something only for me" not in page
    page = client.get(reverse("portfolio:home", args=[client_record.pk])).content.decode()
    assert "A private entry: only the client reads it." in page
    assert "I spoke up at the meeting" in page


def test_a_therapist_cannot_write_a_private_entry(client, login, therapist, client_record):
    login(therapist)
    client.post(
        reverse("portfolio:item_create", args=[client_record.pk, "journal"]),
        {"kind": "victory", "text": "Noticed progress", "private": "on", "written_on": TODAY().isoformat()},
    )
    assert not JournalEntry.objects.get().private


def test_one_tap_ticks_today_and_a_double_tap_makes_one_check(client, login, client_user, client_record):
    goal = MicroGoalFactory(client=client_record, shared_with_client=True, title="Ten-minute walk")
    login(client_user)
    assert "Ten-minute walk" in client.get(reverse("portal:home")).content.decode()
    for _ in range(2):
        response = client.post(reverse("portal:goal_check", args=[goal.pk]), {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert GoalCheck.objects.filter(goal=goal, done_on=TODAY()).count() == 1
    client.post(reverse("portal:goal_check", args=[goal.pk]), {"done": "0"})
    assert not GoalCheck.objects.exists()
    assert AuditEvent.objects.filter(action="goal_check.create", actor=client_user).count() == 1


def test_a_client_cannot_tick_a_goal_not_shared_with_them(client, login, client_user, client_record):
    goal = MicroGoalFactory(client=client_record)
    login(client_user)
    assert client.post(reverse("portal:goal_check", args=[goal.pk]), {"done": "1"}).status_code == 404
    assert "Write three lines" not in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize(
    ("cadence", "weekdays", "done_days_ago", "expected"),
    [
        ("daily", [], [0, 1, 2], 3),
        ("daily", [], [1, 2], 2),  # today not done yet: the streak so far still counts
        ("daily", [], [0, 2], 1),
        ("weekly", [], [0, 7, 14], 3),
    ],
)
def test_streaks(client_record, cadence, weekdays, done_days_ago, expected):
    goal = MicroGoalFactory(client=client_record, cadence=cadence, weekdays=weekdays)
    today = dt.date(2026, 11, 25)  # a Wednesday
    assert goal.streak({today - dt.timedelta(days=n) for n in done_days_ago}, today) == expected


def test_a_chosen_days_goal_skips_the_days_it_is_not_due(client_record):
    goal = MicroGoalFactory(client=client_record, cadence="weekdays", weekdays=[0, 2])  # Monday and Wednesday
    wednesday = dt.date(2026, 11, 25)
    done = {wednesday, wednesday - dt.timedelta(days=2), wednesday - dt.timedelta(days=7)}
    assert goal.streak(done, wednesday) == 3


def test_the_therapist_sees_the_week_at_a_glance(client, login, therapist, client_record):
    goal = MicroGoalFactory(client=client_record, title="Call a friend")
    GoalCheck.objects.create(goal=goal, done_on=TODAY(), checked_by=therapist)
    login(therapist)
    page = client.get(reverse("portfolio:home", args=[client_record.pk])).content.decode()
    assert "Call a friend" in page
    assert 'aria-label="done"' in page
    overview = client.get(client_record.get_absolute_url()).content.decode()
    assert "Micro-goals this week" in overview
    assert "1 day in a row" in overview


def test_a_chosen_days_goal_needs_days(client, login, therapist, client_record):
    login(therapist)
    response = client.post(
        reverse("portfolio:item_create", args=[client_record.pk, "goal"]),
        {"title": "Stretch", "category": "self_care", "cadence": "weekdays"},
    )
    assert "Choose at least one day" in response.content.decode()
    assert 'value="Stretch"' in response.content.decode()
    assert not MicroGoal.objects.exists()


def test_reframes_are_kept_with_their_dates(client, login, therapist, client_record):
    login(therapist)
    url = reverse("portfolio:item_create", args=[client_record.pk, "reframe"])
    client.post(
        url, {"old_story": "I am broken", "new_story": "I am learning what helps me", "written_on": "2026-09-01"}
    )
    client.post(
        url, {"old_story": "I can't work", "new_story": "I can ask for what I need at work", "written_on": "2026-11-01"}
    )
    assert Reframe.objects.count() == 2
    page = client.get(reverse("portfolio:home", args=[client_record.pk])).content.decode()
    assert page.index("I can ask for what I need at work") < page.index("I am learning what helps me")


def test_the_client_logs_a_stigma_encounter_which_the_therapist_sees(
    client, login, therapist, client_user, client_record
):
    login(client_user)
    data = {
        "occurred_on": TODAY().isoformat(),
        "setting": "work",
        "what_happened": "A joke about 'crazy' people",
        "response": "I said it was hurtful",
        "distress_before": "7",
        "distress_after": "4",
        "debriefed_with": "not_yet",
        "learning": "I can speak up",
    }
    assert client.post(reverse("portal:encounter_log"), data)["Location"] == reverse("portal:home")
    encounter = StigmaEncounter.objects.get()
    assert encounter.shared_with_client
    assert encounter.created_by == client_user
    client.logout()
    login(therapist)
    assert "I said it was hurtful" in client.get(reverse("portfolio:home", args=[client_record.pk])).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("distress_before", "11", "Distress is a number from 0 to 10."),
        ("occurred_on", "2999-01-01", "This date is in the future."),
    ],
)
def test_bad_encounter_input_is_explained_and_kept(client, login, client_user, client_record, field, value, message):
    login(client_user)
    data = {
        "occurred_on": TODAY().isoformat(),
        "setting": "school",
        "what_happened": "Teacher's remark",
        "distress_before": "5",
        "distress_after": "3",
        "debriefed_with": "not_yet",
    } | {field: value}
    page = client.post(reverse("portal:encounter_log"), data).content.decode()
    assert message in page
    assert "Teacher&#x27;s remark" in page
    assert not StigmaEncounter.objects.exists()


def test_milestones_and_coping_skills_reach_the_portal_only_when_shared(
    client, login, therapist, client_user, client_record
):
    login(therapist)
    client.post(
        reverse("portfolio:item_create", args=[client_record.pk, "milestone"]),
        {"title": "Six months back at work", "achieved_on": TODAY().isoformat()},
    )
    from portfolio.models import Milestone

    milestone = Milestone.objects.get()
    assert not milestone.shared_with_client
    assert not Milestone.objects.visible_to(client_user).exists()
    client.post(reverse("clients:share", args=[client_record.pk, "milestone", milestone.pk]), {"shared": "1"})
    assert Milestone.objects.visible_to(client_user).count() == 1


def test_the_portal_home_shows_shared_milestones(client, login, client_user, client_record, therapist):
    from portfolio.models import Milestone

    Milestone.objects.create(
        client=client_record, title="First peer group meeting", created_by=therapist, shared_with_client=True
    )
    Milestone.objects.create(client=client_record, title="Not shared yet", created_by=therapist)
    login(client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "First peer group meeting" in page
    assert "Not shared yet" not in page


def test_the_portfolio_page_does_the_same_queries_however_many_shared_items(client, login, therapist, client_record):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portfolio.models import CopingSkill, Milestone

    counts = []
    for rows in (2, 10):
        for n in range(rows):
            Milestone.objects.create(
                client=client_record,
                title=f"M{n}",
                created_by=therapist,
                shared_with_client=True,
                shared_by=therapist,
                shared_at=timezone.now(),
            )
            CopingSkill.objects.create(
                client=client_record,
                name=f"C{n}",
                created_by=therapist,
                shared_with_client=True,
                shared_by=therapist,
                shared_at=timezone.now(),
            )
            MicroGoalFactory(client=client_record, shared_with_client=True, shared_by=therapist)
        login(therapist)
        url = reverse("portfolio:home", args=[client_record.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts


def test_goals_with_checks_gives_the_rows_of_goals_with_week_for_the_care_team_and_the_client(
    therapist, client_user, client_record
):
    from clients.models import Client
    from portfolio import selectors

    today = dt.date(2026, 11, 25)  # a Wednesday
    goals = {
        "daily": MicroGoalFactory(client=client_record, shared_with_client=True),
        "weekly": MicroGoalFactory(client=client_record, cadence="weekly", shared_with_client=True),
        "chosen days": MicroGoalFactory(client=client_record, cadence="weekdays", weekdays=[0, 2]),
    }
    done = {"daily": [0, 1, 2, 4, 400], "weekly": [3, 8, 15], "chosen days": [0, 2, 7]}
    for name, days_ago in done.items():
        for n in days_ago:
            GoalCheck.objects.create(goal=goals[name], done_on=today - dt.timedelta(days=n), checked_by=therapist)
    other = MicroGoalFactory(client__clinic=client_record.clinic, client__primary_therapist=therapist)
    GoalCheck.objects.create(goal=other, done_on=today - dt.timedelta(days=3), checked_by=therapist)  # not theirs

    for user in (therapist, client_user):
        rows = selectors.goals_with_checks(client=client_record, user=user, today=today)
        assert rows == selectors.goals_with_week(client=client_record, user=user, today=today)
        assert {row["streak"] for row in rows} >= {3}  # the checks did reach the rows
    client_view = selectors.goals_with_checks(
        client=Client.objects.get(pk=client_record.pk), user=client_user, today=today
    )
    assert [row["goal"] for row in client_view] == [goals["daily"], goals["weekly"]]  # only what is shared


def test_the_portfolio_shows_the_ten_newest_reframes_with_their_dates(client, login, therapist, client_record):
    from portfolio.models import EmpowermentPlan

    plan = EmpowermentPlan.objects.create(client=client_record, created_by=therapist, values="Family")
    for day in range(1, 13):
        Reframe.objects.create(
            plan=plan,
            old_story=f"Old story {day:02d}",
            new_story=f"New story {day:02d}",
            written_on=dt.date(2026, 10, day),
            created_by=therapist,
        )
    login(therapist)
    page = client.get(reverse("portfolio:home", args=[client_record.pk])).content.decode()
    assert page.index("New story 12") < page.index("New story 11") < page.index("New story 03")
    assert "New story 02" not in page
    assert "Old story 01" not in page
    assert "Oct. 12, 2026" in page
    assert "Old story 12" in page
