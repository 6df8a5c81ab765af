"""The client record: intake, care team, discharge, support network, safety plan, check-ins, sharing."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients.models import CareTeamMember, CheckIn, Client, ClientStatus, SafetyPlan, SupportPerson

from ..factories import CheckInFactory, ClientFactory, SafetyPlanFactory, SupportPersonFactory, UserFactory

CHECK_IN = {
    "session_date": "2026-11-20",
    "wellbeing": "7",
    "stigma_encounters": "1",
    "relapse_risk": "low",
    "advocacy_load": "ok",
    "notes": "Talked through a hard conversation at work.",
}


def intake_data(**overrides):
    data = {"legal_name": "Marisol Vega", "preferred_name": "Mari", "preferred_language": "en", "allow_in_app": "on"}
    return data | overrides


# --- Intake ---------------------------------------------------------------------------------


def test_a_therapist_opens_a_record_with_only_a_legal_name(client, login, therapist):
    login(therapist)
    response = client.post(reverse("clients:create"), {"legal_name": "Marisol Vega", "preferred_language": "en"})
    person = Client.objects.get()
    assert response["Location"] == person.get_absolute_url()
    assert person.primary_therapist == therapist
    assert person.clinic == therapist.clinic
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Intake still missing:" in page
    assert "pronouns" in page
    assert "strengths" in page


def test_a_double_submitted_intake_makes_one_client(client, login, therapist):
    login(therapist)
    form = client.get(reverse("clients:create")).context["form"]
    key = str(form.initial["submission_key"])
    for _ in range(2):
        client.post(reverse("clients:create"), intake_data(submission_key=key))
    assert Client.objects.count() == 1


def test_the_preferred_name_is_what_pages_show(client, login, therapist):
    login(therapist)
    client.post(reverse("clients:create"), intake_data())
    person = Client.objects.get()
    assert "Mari" in client.get(reverse("clients:caseload")).content.decode()
    assert "Marisol Vega" not in client.get(reverse("clients:caseload")).content.decode()
    assert "<h1" in client.get(person.get_absolute_url()).content.decode()


def test_identities_are_optional_and_kept_in_the_clients_words(client, login, therapist, client_record):
    login(therapist)
    data = intake_data(identity_gender="Two-Spirit", identity_faith="", version=client_record.version)
    response = client.post(reverse("clients:intake", args=[client_record.pk]), data)
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.identity_gender == "Two-Spirit"
    assert client_record.identity_faith == ""


def test_a_future_date_of_birth_is_refused_and_the_rest_is_kept(client, login, therapist, client_record):
    login(therapist)
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    data = intake_data(date_of_birth=future, strengths="Keeps going; funny; loyal", version=client_record.version)
    response = client.post(reverse("clients:intake", args=[client_record.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This date is in the future." in page
    assert "Keeps going; funny; loyal" in page
    assert 'value="Mari"' in page
    client_record.refresh_from_db()
    assert client_record.strengths == ""


def test_two_people_editing_the_intake_do_not_overwrite_each_other(client, login, therapist, client_record):
    login(therapist)
    opened_at = client_record.version
    first = intake_data(strengths="Brave", version=opened_at)
    second = intake_data(strengths="Kind to others", version=opened_at)
    assert client.post(reverse("clients:intake", args=[client_record.pk]), first).status_code == 302
    response = client.post(reverse("clients:intake", args=[client_record.pk]), second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This was saved again after you opened this page" in page
    assert "Kind to others" in page
    assert "Brave" in page  # both versions are on the page
    client_record.refresh_from_db()
    assert client_record.strengths == "Brave"


# --- Care team, discharge, reassignment --------------------------------------------------------


def test_the_primary_therapist_adds_and_removes_a_colleague(client, login, therapist, colleague, client_record):
    login(therapist)
    client.post(reverse("clients:care_team", args=[client_record.pk]), {"colleague": colleague.pk})
    member = CareTeamMember.objects.get(client=client_record, user=colleague)
    client.logout()
    login(colleague)
    assert client.get(client_record.get_absolute_url()).status_code == 200
    client.logout()
    login(therapist)
    client.post(reverse("clients:care_team_remove", args=[client_record.pk, member.pk]))
    client.logout()
    login(colleague)
    assert client.get(client_record.get_absolute_url()).status_code == 404
    actions = set(AuditEvent.objects.filter(client=client_record).values_list("action", flat=True))
    assert {"care_team.add", "care_team.remove"} <= actions


def test_a_care_team_member_may_write_but_not_change_the_team(client, login, therapist, colleague, client_record):
    CareTeamMember.objects.create(client=client_record, user=colleague)
    login(colleague)
    assert client.get(reverse("clients:check_in_create", args=[client_record.pk])).status_code == 200
    assert client.get(reverse("clients:care_team", args=[client_record.pk])).status_code == 403


def test_a_therapist_of_another_clinic_cannot_be_added(client, login, therapist, other_therapist, client_record):
    login(therapist)
    response = client.post(reverse("clients:care_team", args=[client_record.pk]), {"colleague": other_therapist.pk})
    assert "Select a valid choice" in response.content.decode()
    assert not CareTeamMember.objects.exists()


def test_discharge_and_reopen_keep_the_record(client, login, therapist, client_record):
    login(therapist)
    client.post(reverse("clients:discharge", args=[client_record.pk]))
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.DISCHARGED
    assert "Dana" not in client.get(reverse("clients:caseload")).content.decode()
    assert "Dana" in client.get(reverse("clients:caseload") + "?status=discharged").content.decode()
    client.post(reverse("clients:reopen", args=[client_record.pk]))
    client_record.refresh_from_db()
    assert client_record.status == ClientStatus.ACTIVE


def test_an_admin_reassigns_the_primary_therapist(client, login, admin, colleague, therapist, client_record):
    CareTeamMember.objects.create(client=client_record, user=colleague)
    login(admin)
    response = client.post(reverse("clients:reassign", args=[client_record.pk]), {"therapist": colleague.pk})
    assert response["Location"] == reverse("clients:roster")
    client_record.refresh_from_db()
    assert client_record.primary_therapist == colleague
    assert not CareTeamMember.objects.filter(client=client_record, user=colleague).exists()
    assert AuditEvent.objects.get(action="client.reassign").detail == {
        "from": str(therapist.pk),
        "to": str(colleague.pk),
    }


def test_the_admin_roster_shows_names_status_and_therapist_only(client, login, admin, client_record):
    Client.objects.filter(pk=client_record.pk).update(
        pronouns="xe/xem", strengths="Writes poetry", identity_faith="Buddhist", accessibility_needs="Large print"
    )
    SupportPersonFactory(client=client_record, name="Auntie Rae")
    CheckInFactory(client=client_record, notes="Session notes that stay with the care team")
    login(admin)
    page = client.get(reverse("clients:roster")).content.decode()
    assert "Dana" in page
    assert client_record.primary_therapist.full_name in page
    for clinical in ("xe/xem", "Writes poetry", "Buddhist", "Large print", "Auntie Rae", "Session notes"):
        assert clinical not in page
    for name in ("clients:overview", "clients:intake", "clients:safety_plan", "clients:check_ins"):
        assert client.get(reverse(name, args=[client_record.pk])).status_code == 404


# --- Support network ---------------------------------------------------------------------------


def test_a_support_person_moves_along_the_ally_path(client, login, therapist, client_record):
    login(therapist)
    data = {"name": "Sam", "relationship": "coworker", "awareness": "nothing", "ally_stage": "potential"}
    client.post(reverse("clients:support_person_create", args=[client_record.pk]), data)
    person = SupportPerson.objects.get()
    edit = reverse("clients:support_person_edit", args=[client_record.pk, person.pk])
    client.post(edit, data | {"ally_stage": "approached", "awareness": "a_little", "version": person.version})
    person.refresh_from_db()
    assert (person.ally_stage, person.awareness) == ("approached", "a_little")
    page = client.get(reverse("clients:support_network", args=[client_record.pk])).content.decode()
    assert 'aria-current="step">Approached' in page


def test_taking_someone_off_the_list_keeps_the_row(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record, name="Jules", shared_with_client=True)
    login(therapist)
    client.post(reverse("clients:support_person_archive", args=[client_record.pk, person.pk]))
    person.refresh_from_db()
    assert person.archived_at is not None
    assert not person.shared_with_client
    assert "Jules" not in client.get(reverse("clients:support_network", args=[client_record.pk])).content.decode()


# --- Sharing -----------------------------------------------------------------------------------


def test_unsharing_hides_an_item_from_the_portal_on_the_next_request(
    client, login, therapist, client_user, client_record
):
    person = SupportPersonFactory(client=client_record, name="Auntie Rae")
    share_url = reverse("clients:share", args=[client_record.pk, "support_person", person.pk])
    login(client_user)
    assert "Auntie Rae" not in client.get(reverse("portal:home")).content.decode()  # nothing shared by default

    client.logout()
    login(therapist)
    client.post(share_url, {"shared": "1"})
    person.refresh_from_db()
    assert person.shared_by == therapist
    assert person.shared_at is not None

    client.logout()
    login(client_user)
    assert "Auntie Rae" in client.get(reverse("portal:home")).content.decode()

    client.logout()
    login(therapist)
    client.post(share_url, {"shared": "0"})

    client.logout()
    login(client_user)
    assert "Auntie Rae" not in client.get(reverse("portal:home")).content.decode()
    assert list(AuditEvent.objects.filter(action__startswith="share.").values_list("action", flat=True)) == [
        "share.off",
        "share.on",
    ]


def test_an_unknown_kind_of_item_cannot_be_shared(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record)
    login(therapist)
    response = client.post(reverse("clients:share", args=[client_record.pk, "safety_plan", person.pk]), {"shared": "1"})
    assert response.status_code == 404


def test_sharing_another_clients_item_through_my_client_is_not_found(client, login, therapist, client_record, clinic):
    stranger = SupportPersonFactory(client=ClientFactory(clinic=clinic))
    login(therapist)
    url = reverse("clients:share", args=[client_record.pk, "support_person", stranger.pk])
    assert client.post(url, {"shared": "1"}).status_code == 404
    stranger.refresh_from_db()
    assert not stranger.shared_with_client


# --- Safety plan -------------------------------------------------------------------------------


def test_the_safety_plan_has_the_seven_steps_in_order_with_the_crisis_lines(client, login, therapist, client_record):
    from ..factories import CrisisLineFactory

    CrisisLineFactory(clinic=client_record.clinic)
    login(therapist)
    client.post(reverse("clients:safety_plan_edit", args=[client_record.pk]), {"warning_signs": "Not sleeping"})
    page = client.get(reverse("clients:safety_plan", args=[client_record.pk])).content.decode()
    headings = [
        "Warning signs",
        "Things I can do on my own",
        "People and places that take my mind off things",
        "People I can ask for help",
        "Professionals and services I can contact",
        "Making my surroundings safer",
        "What matters most to me and is worth living for",
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert 'href="tel:988"' in page
    assert 'class="printable"' in page  # the print stylesheet keeps it to one page: see tests/e2e


def test_the_client_always_sees_their_safety_plan(client, login, client_user, client_record):
    SafetyPlanFactory(client=client_record, reasons_for_living="My niece")
    login(client_user)
    assert "Open my safety plan" in client.get(reverse("portal:home")).content.decode()
    assert "My niece" in client.get(reverse("portal:safety_plan")).content.decode()


def test_a_safety_plan_conflict_keeps_both_versions(client, login, therapist, client_record):
    plan = SafetyPlanFactory(client=client_record)
    login(therapist)
    url = reverse("clients:safety_plan_edit", args=[client_record.pk])
    client.post(url, {"warning_signs": "First version", "version": plan.version})
    response = client.post(url, {"warning_signs": "Second version", "version": plan.version})
    page = response.content.decode()
    assert "This was saved again" in page
    assert "First version" in page
    assert "Second version" in page
    plan.refresh_from_db()
    assert plan.warning_signs == "First version"


# --- Check-ins ---------------------------------------------------------------------------------


def test_a_check_in_is_recorded_and_reviewing_the_plan_counts_as_its_review(client, login, therapist, client_record):
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        plan = SafetyPlanFactory(client=client_record)
    assert plan.needs_review()
    login(therapist)
    response = client.post(
        reverse("clients:check_in_create", args=[client_record.pk]), CHECK_IN | {"safety_plan_reviewed": "on"}
    )
    assert response["Location"] == client_record.get_absolute_url()
    plan.refresh_from_db()
    assert not plan.needs_review()
    assert CheckIn.objects.get().created_by == therapist


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("wellbeing", "11", "Wellbeing is a number from 0 to 10."),
        ("notes", "x" * 100_000, "at most 10000 characters (it has 100000)"),
        ("session_date", "2999-01-01", "This date is in the future."),
    ],
)
def test_a_bad_check_in_is_refused_with_a_clear_message_and_the_rest_kept(
    client, login, therapist, client_record, field, value, message
):
    login(therapist)
    data = CHECK_IN | {"stigma_encounters": "3"} | {field: value}
    response = client.post(reverse("clients:check_in_create", args=[client_record.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="3"' in page  # what else was typed is still on the form
    if field != "notes":
        assert "Talked through a hard conversation at work." in page
    assert not CheckIn.objects.exists()


def test_a_double_submitted_check_in_makes_one_row(client, login, therapist, client_record):
    login(therapist)
    key = str(
        client.get(reverse("clients:check_in_create", args=[client_record.pk]))
        .context["form"]
        .initial["submission_key"]
    )
    for _ in range(2):
        client.post(reverse("clients:check_in_create", args=[client_record.pk]), CHECK_IN | {"submission_key": key})
    assert CheckIn.objects.count() == 1


def test_the_overview_flags_high_relapse_risk_and_a_stale_safety_plan(client, login, therapist, client_record):
    with time_machine.travel(timezone.now() - dt.timedelta(days=31)):
        SafetyPlanFactory(client=client_record)
    CheckInFactory(client=client_record, relapse_risk="low", session_date=timezone.localdate() - dt.timedelta(days=7))
    CheckInFactory(client=client_record, relapse_risk="high", session_date=timezone.localdate())
    login(therapist)
    page = client.get(client_record.get_absolute_url()).content.decode()
    assert "High relapse risk at the last check-in" in page
    assert "not been reviewed in the last 30 days" in page


def test_the_overview_says_what_changed_since_the_last_session(client, login, therapist, client_record):
    with time_machine.travel(timezone.now() - dt.timedelta(days=7)):
        CheckInFactory(client=client_record)
    SupportPersonFactory(client=client_record)
    SafetyPlanFactory(client=client_record)
    login(therapist)
    page = client.get(client_record.get_absolute_url()).content.decode()
    assert "Safety plan updated" in page
    assert "1 support person added or updated" in page


def test_the_overview_counts_the_whole_support_network_not_just_the_people_it_lists(
    client, login, therapist, client_record
):
    with time_machine.travel(timezone.now() - dt.timedelta(days=8)):
        SupportPersonFactory(client=client_record, name="Zoe", ally_stage="ally")  # not changed since
    with time_machine.travel(timezone.now() - dt.timedelta(days=7)):
        CheckInFactory(client=client_record)
    SupportPersonFactory.create_batch(7, client=client_record)
    SupportPersonFactory.create_batch(2, client=client_record, ally_stage="ally", name="Zz ally")  # listed last
    SupportPersonFactory(client=client_record, ally_stage="ally", archived_at=timezone.now())  # not counted
    login(therapist)
    response = client.get(client_record.get_absolute_url())
    page = response.content.decode()
    assert len(response.context["overview"].support_people) == 8
    assert "10 people, 3 allies." in page
    assert "See everyone" in page
    assert "9 support people added or updated" in page


def test_the_overview_of_a_record_without_support_people_or_check_ins(client, login, therapist, client_record):
    login(therapist)
    response = client.get(client_record.get_absolute_url())
    page = response.content.decode()
    assert "No one recorded yet." in page
    assert "Nothing from the client in the portal since then." in page
    assert response.context["overview"].support_counts == {"total": 0, "allies": 0, "shared": 0}


def test_check_ins_are_never_shown_to_the_client(client_user, client_record):
    CheckInFactory(client=client_record)
    assert not CheckIn.objects.visible_to(client_user).exists()


# --- Portal ------------------------------------------------------------------------------------


def test_a_client_updates_their_own_communication_preferences(client, login, client_user, client_record):
    login(client_user)
    page = client.get(reverse("portal:profile")).content.decode()
    assert "Dana" in page
    data = {
        "allow_email": "on",
        "email_is_safe": "on",
        "allow_in_app": "on",
        "discreet_wording": "on",
        "quiet_hours_start": "21:00",
        "quiet_hours_end": "08:00",
        "version": client_record.version,
    }
    assert client.post(reverse("portal:profile"), data)["Location"] == reverse("portal:profile")
    client_record.refresh_from_db()
    assert client_record.allow_email
    assert client_record.email_is_safe
    assert client_record.quiet_hours_start == dt.time(21, 0)
    assert AuditEvent.objects.filter(action="client.communication.update", actor=client_user).count() == 1


def test_a_stale_preferences_page_is_refused_once_then_saving_again_is_taken(client, login, client_user, client_record):
    login(client_user)
    opened_at = client_record.version
    client_record.refresh_from_db()
    Client.objects.filter(pk=client_record.pk).update(version=opened_at + 1)  # the therapist saved meanwhile
    data = {"allow_in_app": "on", "quiet_hours_start": "22:00", "quiet_hours_end": "07:00", "version": opened_at}
    refused = client.post(reverse("portal:profile"), data)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "changed in the meantime" in page
    assert 'value="22:00"' in page, "what the person chose is still in the form"
    assert f'name="version" value="{opened_at + 1}"' in page, "the form now carries the saved version"
    again = client.post(reverse("portal:profile"), {**data, "version": opened_at + 1})
    assert again.status_code == 302
    client_record.refresh_from_db()
    assert client_record.quiet_hours_start == dt.time(22, 0)


def test_half_given_quiet_hours_are_explained(client, login, client_user, client_record):
    login(client_user)
    data = {"quiet_hours_start": "21:00", "version": client_record.version}
    response = client.post(reverse("portal:profile"), data)
    assert "Give both the start and the end of quiet hours" in response.content.decode()


def test_a_client_cannot_change_anything_but_their_communication_preferences(client, login, client_user, client_record):
    login(client_user)
    data = {"preferred_name": "Changed", "strengths": "Changed", "allow_in_app": "on", "version": client_record.version}
    client.post(reverse("portal:profile"), data)
    client_record.refresh_from_db()
    assert client_record.preferred_name == "Dana"
    assert client_record.strengths == ""


# --- Queries -----------------------------------------------------------------------------------


def _queries_for(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["overview", "caseload"])
def test_overview_and_caseload_queries_do_not_grow_with_the_data(
    client, login, therapist, clinic, page, django_assert_max_num_queries
):
    counts = []
    for rows in (2, 50):
        person = ClientFactory(clinic=clinic, primary_therapist=therapist)
        ClientFactory.create_batch(rows, clinic=clinic, primary_therapist=therapist)
        SupportPersonFactory.create_batch(rows, client=person)
        CheckInFactory.create_batch(rows, client=person)
        for member in UserFactory.create_batch(min(rows, 5), clinic=clinic):
            CareTeamMember.objects.create(client=person, user=member)
        SafetyPlanFactory(client=person)
        login(therapist)
        url = person.get_absolute_url() if page == "overview" else reverse("clients:caseload")
        client.get(url)  # the session's first request writes its timestamps
        counts.append(_queries_for(client, url, django_assert_max_num_queries))
        client.logout()
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries with 2 rows, {counts[1]} with 50"


def test_the_overview_query_budget(client, login, therapist, client_record, django_assert_max_num_queries):
    SafetyPlanFactory(client=client_record)
    CheckInFactory.create_batch(4, client=client_record)
    SupportPersonFactory.create_batch(3, client=client_record)
    login(therapist)
    client.get(client_record.get_absolute_url())
    # session, user, OTP device, client (with its therapist), audit insert, check-ins, safety plan,
    # support people (with the network's counts and what changed since the last session), care team,
    # the unread-notification count, and the queries each panel the feature apps register declares
    from clients import panels

    with django_assert_max_num_queries(10 + sum(panel.queries for panel in panels.PANELS.values())):
        client.get(client_record.get_absolute_url())


def test_only_the_right_people_see_a_support_person(
    therapist, colleague, client_user, other_client_user, client_record
):
    person = SupportPersonFactory(client=client_record, shared_with_client=True)
    assert list(SupportPerson.objects.visible_to(therapist)) == [person]
    assert list(SupportPerson.objects.visible_to(client_user)) == [person]
    assert not SupportPerson.objects.visible_to(colleague).exists()
    assert not SupportPerson.objects.visible_to(other_client_user).exists()
    assert SafetyPlan.objects.visible_to(other_client_user).count() == 0


def test_the_audit_trail_names_the_fields_an_edit_changed(client, login, therapist, client_record):
    login(therapist)
    data = intake_data(
        legal_name=client_record.legal_name, preferred_name="Dana", strengths="Patient", version=client_record.version
    )
    client.post(reverse("clients:intake", args=[client_record.pk]), data)
    event = AuditEvent.objects.get(action="client.profile.update")
    assert "strengths" in event.detail["fields"]
    assert "preferred_name" not in event.detail["fields"]
    assert "legal_name" not in event.detail["fields"]


def test_staff_have_a_words_we_use_page_built_from_the_one_list(client, login, therapist):
    from django.urls import reverse

    from clients import person_first_terms

    login(therapist)
    page = client.get(reverse("clients:words_we_use")).content.decode()
    assert "Words we use" in page
    assert "died by suicide" in page
    for term, suggestion in person_first_terms.TERMS:
        assert term in page
        assert suggestion in page
    assert reverse("clients:words_we_use") in client.get(reverse("clients:caseload")).content.decode()
