"""A client sends at most GRIEVANCES_PER_CLIENT_PER_DAY feedback messages in a day (issue 19, item 12)."""

import datetime as dt

import pytest
from django.utils import timezone

from grievances.models import Grievance
from reminders import services as reminder_services

from .test_grievances import make, send

pytestmark = pytest.mark.django_db


def test_past_the_daily_limit_the_form_says_so_keeps_what_was_typed_and_sends_nothing(
    client, login, client_user, client_record, settings
):
    settings.GRIEVANCES_PER_CLIENT_PER_DAY = 2
    for _ in range(2):
        make(client_record)
    login(client_user)
    response = send(client, subject="The ramp", text="The ramp at the side door is icy every morning.")
    assert response.status_code == 429
    assert "You have sent 2 messages today" in response.text
    assert 'value="The ramp"' in response.text
    assert "icy every morning" in response.text  # kept
    assert Grievance.objects.count() == 2


def test_yesterdays_messages_do_not_count(client, login, client_user, client_record, settings):
    settings.GRIEVANCES_PER_CLIENT_PER_DAY = 2
    midnight = reminder_services.start_of_day(client_user)
    for _ in range(3):
        make(client_record, created_at=midnight - dt.timedelta(minutes=1))
    make(client_record, created_at=timezone.now())
    login(client_user)
    assert send(client).status_code == 302
    assert send(client).status_code == 429
    assert Grievance.objects.count() == 5
