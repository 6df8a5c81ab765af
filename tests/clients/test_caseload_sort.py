"""Issue 23: the caseload sorts by name, by last seen and by the safety plan's next review, and filters to those
who need attention (high relapse risk at the last check-in, no safety plan, or one not reviewed in 30 days)."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent

from ..factories import CheckInFactory, ClientFactory, SafetyPlanFactory


def names(response):
    return re.findall(r'<td><a href="/clients/[0-9a-f-]+/">([^<]+)</a></td>', response.content.decode())


def make_caseload(clinic, therapist):
    today = timezone.localdate()
    now = timezone.now()
    steady = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="Bea")
    SafetyPlanFactory(client=steady, reviewed_at=now - datetime.timedelta(days=3))
    CheckInFactory(client=steady, session_date=today - datetime.timedelta(days=2), relapse_risk="low")

    at_risk = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="Cam")
    SafetyPlanFactory(client=at_risk, reviewed_at=now - datetime.timedelta(days=10))
    CheckInFactory(client=at_risk, session_date=today - datetime.timedelta(days=20), relapse_risk="low")
    CheckInFactory(client=at_risk, session_date=today - datetime.timedelta(days=9), relapse_risk="high")

    overdue = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="Ari")
    SafetyPlanFactory(client=overdue, reviewed_at=now - datetime.timedelta(days=45))
    CheckInFactory(client=overdue, session_date=today - datetime.timedelta(days=5), relapse_risk="medium")

    ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="Dee")  # new: no plan, never seen


def test_sorted_by_name_by_default(client, login, clinic, therapist):
    make_caseload(clinic, therapist)
    login(therapist)
    assert names(client.get(reverse("clients:caseload"))) == ["Ari", "Bea", "Cam", "Dee"]


def test_sorted_by_last_seen_longest_ago_first(client, login, clinic, therapist):
    make_caseload(clinic, therapist)
    login(therapist)
    assert names(client.get(reverse("clients:caseload"), {"sort": "last_seen"})) == ["Dee", "Cam", "Ari", "Bea"]


def test_sorted_by_the_next_safety_plan_review(client, login, clinic, therapist):
    make_caseload(clinic, therapist)
    login(therapist)
    assert names(client.get(reverse("clients:caseload"), {"sort": "next_review"})) == ["Dee", "Ari", "Cam", "Bea"]


def test_filtered_to_those_who_need_attention(client, login, clinic, therapist):
    make_caseload(clinic, therapist)
    login(therapist)
    response = client.get(reverse("clients:caseload"), {"attention": "1", "sort": "name"})
    assert names(response) == ["Ari", "Cam", "Dee"]
    html = response.content.decode()
    assert "High relapse risk" in html
    assert "overdue" in html
    event = AuditEvent.objects.filter(action="caseload.view").latest("pk")
    assert event.detail == {"page": 1, "status": "active", "sort": "name", "attention": True}


def test_an_unknown_sort_falls_back_to_the_name(client, login, clinic, therapist):
    make_caseload(clinic, therapist)
    login(therapist)
    assert names(client.get(reverse("clients:caseload"), {"sort": "legal_name; drop"})) == ["Ari", "Bea", "Cam", "Dee"]
