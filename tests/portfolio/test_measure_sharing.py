"""Sharing a measure's chart with the client (issue 25, step 4): the client's therapist turns it on or off per
instrument, audited, and the client is told when something new is shared."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from audit.models import AuditEvent
from portfolio.measure_sharing import share_measure, unshare_measure
from portfolio.models import SharedMeasure
from reminders.models import Notification
from reminders.notices import SHARED_NOTICE_LINK

from ..factories import pulse_results

SHARE = "Share this chart with the client"
STOP = "Stop sharing this chart"


def share_url(client_record, instrument="self_stigma_pulse"):
    return reverse("portfolio:measure_share", args=[client_record.pk, instrument])


def test_the_therapist_shares_a_chart_audited_and_the_client_is_told(
    client, login, therapist, client_user, client_record
):
    login(therapist)
    response = client.post(share_url(client_record), {"action": "share"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:measures", args=[client_record.pk])
    share = SharedMeasure.objects.get()
    assert (share.client, share.instrument, share.shared_by) == (client_record, "self_stigma_pulse", therapist)
    event = AuditEvent.objects.get(action="measure.share")
    assert (event.client, event.actor, event.detail) == (client_record, therapist, {"instrument": "self_stigma_pulse"})
    assert Notification.objects.filter(user=client_user, link=SHARED_NOTICE_LINK).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "They see this chart in their portal now." in page


def test_the_therapist_stops_sharing_audited(client, login, therapist, client_record):
    share_measure(client=client_record, instrument="self_stigma_pulse", by_user=therapist)
    login(therapist)
    response = client.post(share_url(client_record), {"action": "unshare"})
    assert response.status_code == 302
    assert not SharedMeasure.objects.exists()
    event = AuditEvent.objects.get(action="measure.unshare")
    assert (event.client, event.actor, event.detail) == (client_record, therapist, {"instrument": "self_stigma_pulse"})


def test_sharing_and_unsharing_twice_change_nothing_the_second_time(therapist, client_user, client_record):
    for _twice in range(2):
        share_measure(client=client_record, instrument="phq9", by_user=therapist)
    assert SharedMeasure.objects.count() == 1
    assert AuditEvent.objects.filter(action="measure.share").count() == 1
    assert Notification.objects.filter(user=client_user).count() == 1
    assert unshare_measure(client=client_record, instrument="phq9", by_user=therapist) is True
    assert unshare_measure(client=client_record, instrument="phq9", by_user=therapist) is False
    assert AuditEvent.objects.filter(action="measure.unshare").count() == 1


@pytest.mark.parametrize("who", ["colleague", "admin", "client_user", "other_therapist"])
def test_only_the_clients_care_team_shares_a_chart(client, login, client_record, who, request):
    person = request.getfixturevalue(who)
    login(person)
    assert client.post(share_url(client_record), {"action": "share"}).status_code == 404
    with pytest.raises(PermissionDenied):
        share_measure(client=client_record, instrument="phq9", by_user=person)
    assert not SharedMeasure.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="measure.").exists()


def test_an_unknown_instrument_or_action_changes_nothing(client, login, therapist, client_record):
    login(therapist)
    assert client.post(share_url(client_record, "no_such_scale"), {"action": "share"}).status_code == 404
    response = client.post(share_url(client_record), {"action": "publish"}, follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert not SharedMeasure.objects.exists()
    assert client.get(share_url(client_record)).status_code == 405


def _switch(chart, client_record, can_write):
    return render_to_string(
        "portfolio/_measure_share.html", {"chart": chart, "client": client_record, "can_write": can_write}
    )


def test_the_switch_says_whether_the_client_sees_the_chart(client_record):
    chart = {"definition": {"key": "phq9"}, "name": "PHQ-9", "shared": False}
    off = _switch(chart, client_record, can_write=True)
    assert "The client does not see this chart in their portal." in off
    assert SHARE in off
    assert 'name="action" value="share"' in off
    on = _switch(chart | {"shared": True}, client_record, can_write=True)
    assert "The client sees this chart and their results in their portal" in on
    assert STOP in on
    assert 'name="action" value="unshare"' in on
    read_only = _switch(chart | {"shared": True}, client_record, can_write=False)
    assert "The client sees this chart" in read_only
    assert "<form" not in read_only


def test_the_measures_page_offers_the_switch_under_each_chart(client, login, therapist, client_record):
    pulse_results(client_record, therapist)
    login(therapist)
    page = client.get(reverse("portfolio:measures", args=[client_record.pk])).content.decode()
    assert SHARE in page
    share_measure(client=client_record, instrument="self_stigma_pulse", by_user=therapist)
    assert STOP in client.get(reverse("portfolio:measures", args=[client_record.pk])).content.decode()
