"""Peer connections: the directory, explained matches, consent before introduction, referrals to the end."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from peers import matching, selectors
from peers.models import FocusArea, PeerReferral, PeerResource, ReferralStatus

from ..factories import ClientFactory, PeerReferralFactory, PeerResourceFactory


def referral_url(name, referral):
    return reverse(name, kwargs={"client_id": referral.client_id, "referral_id": referral.pk})


@pytest.fixture
def referral(client_record):
    return PeerReferralFactory(client=client_record, resource=PeerResourceFactory(clinic=client_record.clinic))


# --- Consent before introduction ---------------------------------------------------------------


def test_an_introduction_is_refused_before_consent(client, login, therapist, referral):
    login(therapist)
    client.post(referral_url("peers:referral_status", referral), {"status": "awaiting_consent"})
    response = client.post(referral_url("peers:referral_status", referral), {"status": "introduced"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_CONSENT
    assert "Select a valid choice" in response.content.decode()  # not even offered before consent

    from django.core.exceptions import ValidationError

    from peers import services

    with pytest.raises(ValidationError, match="No introduction before the client"):
        services.referral_set_status(referral=referral, by_user=therapist, status="introduced")


def test_consent_in_the_portal_then_introduction_then_withdrawal(client, login, therapist, client_user, referral):
    login(therapist)
    client.post(referral_url("peers:referral_status", referral), {"status": "awaiting_consent"})
    client.logout()

    login(client_user)
    page = client.get(reverse("portal:referral", args=[referral.pk])).content.decode()
    assert "It adds to your treatment; it does not replace it." in page
    assert referral.resource.contact not in page or not referral.resource.contact  # contact only after consent
    client.post(reverse("portal:referral_consent", args=[referral.pk]), {"agree": "yes"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONSENTED
    assert referral.consent_method == "portal"
    assert referral.consent_text_version == "2026-11"
    client.logout()

    login(therapist)
    client.post(referral_url("peers:referral_status", referral), {"status": "introduced"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.INTRODUCED
    client.logout()

    login(client_user)
    client.post(reverse("portal:referral_withdraw", args=[referral.pk]), {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert referral.consent_withdrawn_at is not None
    assert referral.consent_withdrawn_by == client_user
    assert referral.shared_details == []  # nothing more may be passed on
    assert not referral.has_consent
    events = AuditEvent.objects.filter(client=referral.client, action="referral.consent_withdrawn")
    assert events.count() == 1
    assert events.get().actor == client_user
    client.logout()

    login(therapist)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Consent withdrawn on" in page
    assert "Share nothing more with this resource" in page
    assert "The client withdrew consent in the portal." in page


def test_the_therapist_records_verbal_consent_with_the_text_version(client, login, therapist, referral):
    login(therapist)
    response = client.post(referral_url("peers:referral_consent", referral), {})
    assert "Tick this only after reading the text with the client" in response.content.decode()
    client.post(referral_url("peers:referral_consent", referral), {"confirmed": "on"})
    referral.refresh_from_db()
    assert referral.has_consent
    assert referral.consent_method == "verbal"
    assert referral.consent_recorded_by == therapist


def test_a_therapist_withdrawal_needs_a_reason(client, login, therapist, referral):
    PeerReferral.objects.filter(pk=referral.pk).update(status="consented", consent_given_at=timezone.now())
    login(therapist)
    response = client.post(referral_url("peers:referral_withdraw", referral), {"reason": ""})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    client.post(referral_url("peers:referral_withdraw", referral), {"reason": "The client asked in session."})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_the_client_can_say_no(client, login, client_user, referral):
    PeerReferral.objects.filter(pk=referral.pk).update(status="awaiting_consent", shown_to_client=True)
    login(client_user)
    client.post(reverse("portal:referral_decline", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED


# --- Matching ----------------------------------------------------------------------------------


@pytest.fixture
def directory(clinic):
    workplace = FocusArea.objects.create(clinic=clinic, name="Workplace inclusion")
    recovery = FocusArea.objects.create(clinic=clinic, name="Recovery")
    spanish_workplace = PeerResourceFactory(
        clinic=clinic, name="Grupo de apoyo laboral", languages=",es,en,", format="hybrid", step_free_access=True
    )
    spanish_workplace.focus_areas.add(workplace)
    english_workplace = PeerResourceFactory(clinic=clinic, name="Workplace peers", languages=",en,")
    english_workplace.focus_areas.add(workplace)
    spanish_recovery = PeerResourceFactory(clinic=clinic, name="Círculo de recuperación", languages=",es,")
    spanish_recovery.focus_areas.add(recovery)
    closed = PeerResourceFactory(
        clinic=clinic, name="Closed Spanish workplace group", languages=",es,", status="inactive"
    )
    closed.focus_areas.add(workplace)
    paused = PeerResourceFactory(clinic=clinic, name="Paused group", languages=",es,", status="temporarily_closed")
    paused.focus_areas.add(workplace)
    return {"workplace": workplace, "best": spanish_workplace}


def test_a_spanish_speaking_client_with_a_workplace_goal_gets_the_spanish_workplace_group_first(
    clinic, therapist, directory
):
    person = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_language="es")
    wishes = matching.wishes_for(person, focus_areas=[directory["workplace"]])
    ranked = matching.rank(person, PeerResource.objects.prefetch_related("focus_areas"), wishes)
    first = ranked[0]
    assert first.resource == directory["best"]
    assert "Spanish-speaking" in first.reasons
    assert "Workplace inclusion focus" in first.reasons
    names = [match.resource.name for match in ranked]
    assert "Closed Spanish workplace group" not in names
    assert "Paused group" not in names
    english = next(match for match in ranked if match.resource.name == "Workplace peers")
    assert "Not offered in Spanish" in english.misfits


def test_the_match_page_explains_each_suggestion(client, login, therapist, clinic, directory):
    person = ClientFactory(
        clinic=clinic, primary_therapist=therapist, preferred_language="es", accessibility_needs="Uses a wheelchair"
    )
    login(therapist)
    page = client.post(
        reverse("peers:match", args=[person.pk]), {"focus": [directory["workplace"].pk]}
    ).content.decode()
    assert page.index("Grupo de apoyo laboral") < page.index("Workplace peers")
    assert "Step-free access" in page
    assert "No step-free access" in page  # read from the intake
    assert "Closed Spanish workplace group" not in page


def test_what_the_client_looks_for_never_travels_in_a_url(client, login, therapist, clinic, directory):
    """Focus areas, format and access needs are about the client: they are POSTed, the "Refer" link holds ids
    only, and the referral form still starts from why the resource was suggested."""
    person = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_language="es")
    login(therapist)
    url = reverse("peers:match", args=[person.pk])
    page = client.get(url, {"focus": [directory["workplace"].pk]}).content.decode()
    assert re.search(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', page)
    assert "Workplace inclusion focus" not in page  # a query string is not read

    wishes = {"focus": [directory["workplace"].pk], "format": "in_person", "step_free": "yes"}
    page = client.post(url, wishes).content.decode()
    refer = reverse("peers:referral_create", args=[person.pk, directory["best"].pk])
    assert f'href="{refer}"' in page
    assert "?basis=" not in page
    basis = client.get(refer).context["form"].initial["match_basis"]
    for reason in ("Spanish-speaking", "Workplace inclusion focus", "Hybrid, as preferred", "Step-free access"):
        assert reason in basis
    client.get(url)  # a fresh page ranks by the intake again, and so does the next referral
    assert "Workplace inclusion focus" not in client.get(refer).context["form"].initial["match_basis"]


def test_refused_match_criteria_are_not_the_basis_of_the_next_referral(client, login, therapist, clinic, directory):
    """The page ranks by the intake when the criteria are refused, so "Refer" must not use older ones."""
    person = ClientFactory(clinic=clinic, primary_therapist=therapist)
    login(therapist)
    url = reverse("peers:match", args=[person.pk])
    refer = reverse("peers:referral_create", args=[person.pk, directory["best"].pk])
    client.post(url, {"focus": [directory["workplace"].pk]})
    assert "Workplace inclusion focus" in client.get(refer).context["form"].initial["match_basis"]
    client.post(url, {"focus": ["00000000-0000-0000-0000-000000000000"]})  # not one of the clinic's areas
    assert "Workplace inclusion focus" not in client.get(refer).context["form"].initial["match_basis"]


# --- Directory ---------------------------------------------------------------------------------


def test_directory_search_over_5000_resources_does_a_bounded_number_of_queries(client, login, therapist, clinic):
    area = FocusArea.objects.create(clinic=clinic, name="Creative expression")
    PeerResource.objects.bulk_create(
        PeerResource(
            clinic=clinic,
            organisation=f"Org {n}",
            name=f"Resource {n:05d}",
            kind="peer_group",
            format=("online", "in_person", "hybrid")[n % 3],
            languages=(",es,en,", ",en,")[n % 2],
            step_free_access=n % 4 == 0,
            created_by=therapist,
        )
        for n in range(5000)
    )
    through = PeerResource.focus_areas.through
    through.objects.bulk_create(
        through(peerresource_id=pk, focusarea_id=area.pk)
        for pk in PeerResource.objects.values_list("pk", flat=True)[:2500]
    )
    login(therapist)
    url = reverse("directory:list") + f"?q=Resource&focus={area.pk}&language=es&format=online&step_free=on"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # session, user, OTP device, focus-area choices, count, page of resources, their focus areas, unread notes
    assert len(captured.captured_queries) <= 9, [q["sql"][:80] for q in captured.captured_queries]
    assert response.context["page"].paginator.count > 0


def test_each_card_of_the_directory_links_to_its_own_entry_and_names_its_kind_format_and_languages(
    client, login, therapist, clinic
):
    circle = PeerResourceFactory(clinic=clinic, name="Art afternoons", organisation="Hillview & Co")
    mentor = PeerResourceFactory(
        clinic=clinic,
        name="Budget mentor",
        kind="mentor",
        format="online",
        languages=",es,asl,",
        step_free_access=True,
        status="temporarily_closed",
        last_verified_on=timezone.localdate() - dt.timedelta(days=200),
    )
    mentor.focus_areas.set([FocusArea.objects.create(clinic=clinic, name=name) for name in ("Work", "Money")])
    login(therapist)
    page = client.get(reverse("directory:list")).content.decode()
    for resource in (circle, mentor):
        assert f'<a href="{reverse("directory:edit", args=[resource.pk])}">{resource.name}</a>' in page
    assert "— Hillview &amp; Co" in page
    assert "Peer support group · In person · English</p>" in page
    assert "Mentor · Online · Spanish, American Sign Language · step-free access · Money, Work</p>" in page
    assert page.count("Temporarily closed</span>") == 1
    assert page.count("Not verified in 180 days</span>") == 1


def test_a_resource_and_a_referral_have_their_own_page_as_their_address(client, login, therapist, clinic, referral):
    resource = PeerResourceFactory(clinic=clinic, name="<b>Evening</b> circle")
    assert resource.get_absolute_url() == reverse("directory:edit", args=[resource.pk])
    assert referral.get_absolute_url() == referral_url("peers:referral_detail", referral)
    login(therapist)
    page = client.get(reverse("directory:list")).content.decode()
    assert f'<a href="{resource.get_absolute_url()}">&lt;b&gt;Evening&lt;/b&gt; circle</a>' in page  # escaped
    assert "<b>Evening</b>" not in page


def test_resources_not_verified_for_180_days_are_flagged(client, login, admin, clinic):
    PeerResourceFactory(
        clinic=clinic, name="Old listing", last_verified_on=timezone.localdate() - dt.timedelta(days=200)
    )
    PeerResourceFactory(clinic=clinic, name="Fresh listing")
    login(admin)
    page = client.get(reverse("directory:list") + "?unverified=on").content.decode()
    assert "Old listing" in page
    assert "Fresh listing" not in page
    assert "Not verified in 180 days" in page


def test_admins_and_therapists_maintain_the_directory(client, login, admin, therapist, clinic):
    login(admin)
    data = {
        "organisation": "Hillview Clubhouse",
        "name": "Art afternoons",
        "kind": "peer_group",
        "format": "in_person",
        "language_list": ["en", "es"],
        "cost": "free",
        "status": "active",
    }
    assert client.post(reverse("directory:create"), data)["Location"] == reverse("directory:list")
    resource = PeerResource.objects.get()
    assert resource.language_codes == ["en", "es"]
    assert resource.clinic == clinic
    client.logout()
    login(therapist)
    client.post(reverse("directory:verify", args=[resource.pk]))
    assert AuditEvent.objects.filter(action="peer_resource.verify", actor=therapist).exists()


# --- Bad input ---------------------------------------------------------------------------------


def test_an_unknown_status_is_refused(client, login, therapist, referral):
    login(therapist)
    response = client.post(referral_url("peers:referral_status", referral), {"status": "teleported"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_follow_up_before_the_referral_is_refused_and_the_rest_kept(client, login, therapist, client_record):
    resource = PeerResourceFactory(clinic=client_record.clinic)
    login(therapist)
    url = reverse("peers:referral_create", args=[client_record.pk, resource.pk])
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        url, {"why": "Wants company on Tuesdays", "shared_details": ["first_name"], "follow_up_on": yesterday}
    )
    page = response.content.decode()
    assert "The follow-up date is before the referral was made" in page
    assert "Wants company on Tuesdays" in page
    assert not PeerReferral.objects.exists()


def test_html_in_a_referral_is_shown_escaped(client, login, therapist, client_user, client_record):
    resource = PeerResourceFactory(clinic=client_record.clinic, description="<b>bold</b><script>x()</script>")
    login(therapist)
    client.post(
        reverse("peers:referral_create", args=[client_record.pk, resource.pk]),
        {"why": "<script>alert(1)</script>", "shared_details": ["first_name"]},
    )
    referral = PeerReferral.objects.get()
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    PeerReferral.objects.filter(pk=referral.pk).update(shown_to_client=True, status="awaiting_consent")
    client.logout()
    login(client_user)
    portal = client.get(reverse("portal:referral", args=[referral.pk])).content.decode()
    assert "<script>x()</script>" not in portal
    assert "&lt;script&gt;x()&lt;/script&gt;" in portal


# --- What the client sees ----------------------------------------------------------------------


def test_a_client_sees_only_their_own_referrals_once_consent_is_asked(client_user, client_record, other_client_record):
    suggested = PeerReferralFactory(client=client_record)
    asked = PeerReferralFactory(client=client_record, status="awaiting_consent", shown_to_client=True)
    PeerReferralFactory(client=other_client_record, status="awaiting_consent", shown_to_client=True)
    assert list(selectors.referrals_for(client=client_record, user=client_user)) == [asked]
    assert suggested not in PeerReferral.objects.visible_to(client_user)


def test_the_overview_lists_referrals_and_flags_overdue_follow_ups(client, login, therapist, client_record):
    PeerReferralFactory(
        client=client_record, follow_up_on=timezone.localdate() - dt.timedelta(days=2), status="introduced"
    )
    login(therapist)
    page = client.get(client_record.get_absolute_url()).content.decode()
    assert "Peer connections" in page
    assert "Follow-up overdue" in page


def test_the_referral_says_how_consent_was_given(client, login, therapist, referral):
    login(therapist)
    client.post(referral_url("peers:referral_consent", referral), {"confirmed": "on"})
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Consent given verbally, in session on" in page
