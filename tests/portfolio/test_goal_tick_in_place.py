"""Issue 23: a micro-goal's tick on the client overview changes in place with htmx (the row comes back, the
focus returns to the tick through its stable id, the status region says what changed); without JavaScript the
tick posts and the page it was on comes back."""

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from portfolio.models import GoalCheck

from ..factories import MicroGoalFactory


def test_the_overview_has_a_tick_for_today_per_goal(client, login, therapist, client_record):
    goal = MicroGoalFactory(client=client_record, title="Ten minutes at the piano")
    login(therapist)
    html = client.get(client_record.get_absolute_url()).content.decode()
    assert f'id="tick-{goal.pk}"' in html
    assert "Mark done today: Ten minutes at the piano" in html


def test_htmx_gets_the_row_back_ticked_and_the_message(client, login, therapist, client_record):
    goal = MicroGoalFactory(client=client_record, title="Ten minutes at the piano")
    login(therapist)
    url = reverse("portfolio:goal_check", args=[client_record.pk, goal.pk])
    response = client.post(url, {"done": "1", "next": client_record.get_absolute_url()}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<li class="goal-tick-row mb-1" id="overview-goal-{goal.pk}">')
    assert f'id="tick-{goal.pk}"' in html
    assert 'aria-pressed="true"' in html
    assert "Done today: Ten minutes at the piano. Press to undo." in html
    assert 'id="live-status" hx-swap-oob="true"' in html
    assert "Marked done today." in html
    assert GoalCheck.objects.filter(goal=goal, done_on=timezone.localdate()).exists()
    assert AuditEvent.objects.filter(client=client_record, action__startswith="goal_check").exists()

    html = client.post(url, {"done": "0"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-pressed="false"' in html
    assert "No longer marked done today." in html
    assert not GoalCheck.objects.filter(goal=goal).exists()


def test_without_javascript_the_tick_returns_to_the_page_it_was_on(client, login, therapist, client_record):
    goal = MicroGoalFactory(client=client_record)
    login(therapist)
    url = reverse("portfolio:goal_check", args=[client_record.pk, goal.pk])
    response = client.post(url, {"done": "1", "next": client_record.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == client_record.get_absolute_url()
    response = client.post(url, {"done": "0", "next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("portfolio:home", args=[client_record.pk])


def test_a_reader_has_no_tick(client, login, admin, client_record):
    from ..factories import EmergencyAccessFactory

    goal = MicroGoalFactory(client=client_record)
    EmergencyAccessFactory(admin=admin, client=client_record)
    login(admin)
    assert f'id="tick-{goal.pk}"' not in client.get(client_record.get_absolute_url()).content.decode()
