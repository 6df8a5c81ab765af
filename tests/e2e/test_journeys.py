"""The three journeys of issue 10 in a real Chromium, plus the client's journey by keyboard alone.

Every page a journey visits is checked with axe-core (no serious or critical violations) and saved as a
screenshot under var/e2e-artifacts/<test name>/ (var/ is git-ignored), so a CI run keeps what it saw.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Invitation, Role
from clients.models import Client
from disclosure.models import DisclosurePlan
from portfolio.models import EmpowermentPlan, GoalCheck, PortfolioExport, StigmaEncounter

from ..conftest import PASSWORD
from ..factories import (
    ClientFactory,
    CrisisLineFactory,
    DisclosurePlanFactory,
    MicroGoalFactory,
    PeerReferralFactory,
    PeerResourceFactory,
)
from .conftest import choose_on_scale

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def visit(axe, request):
    """`visit(page, name)`: axe-core passes on the page as it is now, and a full-page screenshot is kept."""
    folder = Path(django_settings.BASE_DIR) / "var" / "e2e-artifacts" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    count = iter(range(1, 100))

    def check(page, name):
        page.screenshot(path=folder / f"{next(count):02d}-{name}.png", full_page=True)
        axe(page)

    check.folder = folder
    return check


def fill_login(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def shared_with_dana(client_record, therapist, settings, tmp_path):
    """What the therapist has shared with the client by the time she opens the portal on her phone."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    CrisisLineFactory(clinic=client_record.clinic)
    MicroGoalFactory(client=client_record, title="Ten-minute walk", shared_with_client=True)
    EmpowermentPlan.objects.create(
        client=client_record, created_by=therapist, shared_with_client=True, values="Family, music"
    )
    DisclosurePlanFactory(
        client=client_record,
        audience_description="My new manager",
        script="I live with bipolar disorder. It is well managed, and I want you to know why I ask for flexibility.",
        shared_with_client=True,
    )
    resource = PeerResourceFactory(clinic=client_record.clinic, name="Working Well peer circle", contact="555-0100")
    return PeerReferralFactory(client=client_record, resource=resource, status="awaiting_consent", shown_to_client=True)


def test_journey_1_a_therapist_creates_a_client_and_shares_a_disclosure_plan(page, visit, therapist):
    fill_login(page, therapist.email)
    page.wait_for_url(re.compile(r"/accounts/second-factor/set-up/"))
    visit(page, "second-factor-set-up")
    device = TOTPDevice.objects.get(user=therapist, confirmed=False)
    page.get_by_label("6-digit code from your app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    visit(page, "backup-codes")
    page.get_by_role("link", name=re.compile("continue")).click()
    page.wait_for_url(re.compile(r"/clients/$"))
    visit(page, "caseload")

    page.get_by_role("link", name="New client").click()
    page.get_by_label("Preferred name").fill("Sam")
    page.get_by_label("Legal name").fill("Samira Okafor")
    visit(page, "new-client")
    page.get_by_role("button", name="Save intake").click()
    expect(page.get_by_text("Client added to your caseload.")).to_be_visible()
    client = Client.objects.get(legal_name="Samira Okafor", primary_therapist=therapist)
    visit(page, "overview")

    page.get_by_role("link", name="Complete the intake").click()
    page.get_by_label("Pronouns").fill("they/them")
    page.get_by_label("Strengths").fill("Curious, loyal to friends, good with numbers")
    page.get_by_label("Date of birth").fill("1994-09-03")
    visit(page, "intake")
    page.get_by_role("button", name="Save intake").click()
    expect(page.get_by_text("Intake saved.")).to_be_visible()
    client.refresh_from_db()
    assert client.pronouns == "they/them"
    assert client.strengths == "Curious, loyal to friends, good with numbers"

    page.get_by_role("link", name="All disclosure plans").click()
    visit(page, "disclosure-plans")
    page.get_by_role("link", name="New disclosure plan").click()
    page.get_by_label("Or describe the audience").fill("My team lead")
    page.get_by_label("Setting").select_option("work")
    page.get_by_label("Selective disclosure").check()
    page.get_by_label("The script").fill("I live with depression. Some mornings I need to start an hour later.")
    choose_on_scale(page, "Readiness (0–10)", 5)
    visit(page, "new-disclosure-plan")
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_url(re.compile(r"/disclosure/[0-9a-f-]+/$"))
    expect(page.get_by_role("heading", name="Telling My team lead")).to_be_visible()
    plan = DisclosurePlan.objects.get(client=client)
    assert plan.shared_with_client is False

    page.get_by_role("button", name=re.compile("Share with client")).click()
    expect(page.get_by_text("Shared with client", exact=True)).to_be_visible()
    visit(page, "disclosure-plan-shared")
    plan.refresh_from_db()
    assert plan.shared_with_client is True
    assert plan.shared_by == therapist

    page.locator(".account-menu summary").click()  # signing out is in the account menu
    page.get_by_role("button", name="Log out").click()
    page.goto("/clients/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    visit(page, "logged-out")
    assert page.console_errors == []


def test_journey_2_the_client_on_a_phone_in_spanish(
    browser, live_server, visit, client_user, client_record, shared_with_dana
):
    referral = shared_with_dana
    phone = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = phone.new_page()
    fill_login(page, client_user.email)
    page.wait_for_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Dana")
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the portal home scrolls sideways at 375 px"
    visit(page, "portal-home-en")

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Cambiar").or_(page.get_by_role("button", name="Change")).click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hola, Dana")
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the portal home in Spanish scrolls sideways at 375 px"
    visit(page, "portal-home-es")

    page.get_by_role("link", name="Plan para contarlo: My new manager").click()
    expect(page.get_by_text("I live with bipolar disorder. It is well managed")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    visit(page, "disclosure-plan")
    page.get_by_role("link", name="Volver a mi planificador").click()

    page.get_by_role("button", name="Marcar como hecho hoy: Ten-minute walk").click()
    expect(page.get_by_role("button", name=re.compile("Hecho hoy: Ten-minute walk"))).to_have_attribute(
        "aria-pressed", "true"
    )
    assert GoalCheck.objects.filter(goal__client=client_record).count() == 1
    visit(page, "goal-ticked")

    page.get_by_role("link", name="Working Well peer circle").click()
    expect(page.get_by_text("555-0100")).to_have_count(0)  # contact details only after consent
    visit(page, "peer-referral")
    page.get_by_label("Leí esto y estoy de acuerdo.").check()
    page.get_by_role("button", name="Sí, estoy de acuerdo").click()
    expect(page.get_by_text("555-0100")).to_be_visible()
    referral.refresh_from_db()
    assert referral.has_consent
    visit(page, "peer-referral-consented")
    page.get_by_role("link", name="Volver a mi planificador").click()

    page.get_by_role("link", name="Anotar una situación de estigma").click()
    visit(page, "encounter-form")
    page.get_by_label("Dónde").select_option("work")
    page.get_by_label("Qué pasó").fill("A coworker joked about people who take medication.")
    page.get_by_label("Cómo respondí").fill("I said the joke hurt and changed the subject.")
    choose_on_scale(page, "Malestar antes (0–10)", 7)
    choose_on_scale(page, "Malestar después (0–10)", 4)
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Gracias por anotarlo.")).to_be_visible()
    encounter = StigmaEncounter.objects.get(client=client_record)
    assert (encounter.setting, encounter.distress_before, encounter.distress_after) == ("work", 7, 4)
    visit(page, "encounter-saved")

    page.get_by_role("link", name="Mi portafolio en PDF").click()
    visit(page, "portfolio-pdf")
    # The PDF starts in the language she is reading in, not only the one saved on her record.
    expect(page.get_by_label("Idioma del PDF")).to_have_value("es")
    page.get_by_role("button", name="Crear el PDF").click()
    expect(page.get_by_role("link", name="Descargar el PDF")).to_be_visible()
    visit(page, "portfolio-pdf-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar el PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert PortfolioExport.objects.get(client=client_record).language == "es"
    phone.close()


def test_journey_3_an_admin_invites_a_therapist_and_moves_a_caseload(staff_page, visit, admin, therapist, colleague):
    moving = [ClientFactory(clinic=admin.clinic, primary_therapist=therapist) for _ in range(2)]
    page = staff_page(admin)
    page.goto("/accounts/staff/")
    visit(page, "staff")

    page.get_by_role("link", name="Invite staff").click()
    page.get_by_label("Full name").fill("Jordan Lee")
    page.get_by_label("Email address").fill("jordan.lee@example.org")
    page.get_by_label("Role").select_option(Role.THERAPIST)
    visit(page, "invite-staff")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(re.compile(r"/accounts/staff/$"))
    expect(page.get_by_text("Invitation sent.")).to_be_visible()
    invitation = Invitation.objects.get(email="jordan.lee@example.org")
    assert (invitation.clinic_id, invitation.role) == (admin.clinic_id, Role.THERAPIST)
    visit(page, "invitation-sent")

    page.get_by_role("link", name=f"Manage {therapist.full_name}").click()
    visit(page, "staff-member")
    page.get_by_role("link", name="Move their clients").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Move the clients of {therapist.full_name}")
    visit(page, "caseload-reassign")
    page.get_by_label("Move every client without a choice below to").select_option(label=colleague.full_name)
    page.get_by_role("button", name="Move the clients").click()
    expect(page.get_by_text("2 clients moved.")).to_be_visible()
    visit(page, "caseload-moved")
    assert {c.primary_therapist_id for c in Client.objects.filter(pk__in=[c.pk for c in moving])} == {colleague.pk}
    assert not Client.objects.filter(primary_therapist=therapist).exists()


def _focus_is_visible(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            // A radio button of a scale is drawn by its label (Bootstrap's btn-check): the ring is the label's.
            const style = getComputedStyle(el.classList.contains('btn-check') ? el.nextElementSibling : el);
            const drawn = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== 'none';
            return el.matches(':focus-visible') && drawn;
        }"""
    )


def tab_to(page, locator, *, limit=60):
    """Press Tab until `locator` has the focus (never a click), then check the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            assert _focus_is_visible(page), f"no visible focus on {locator}"
            return
    raise AssertionError(f"{limit} presses of Tab never reached {locator}")


def test_journey_4_the_client_by_keyboard_alone(
    browser, live_server, visit, client_user, client_record, shared_with_dana
):
    referral = shared_with_dana
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(client_user.email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_role("button", name="Log in"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/portal/$"))
    visit(page, "portal-home")

    tab_to(page, page.get_by_role("button", name="Mark done today: Ten-minute walk"))
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name=re.compile("Done today: Ten-minute walk"))).to_have_attribute(
        "aria-pressed", "true"
    )
    assert GoalCheck.objects.filter(goal__client=client_record).count() == 1
    visit(page, "goal-ticked")

    tab_to(page, page.get_by_role("link", name="Working Well peer circle"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/portal/connections/"))
    tab_to(page, page.get_by_label("I have read this and I agree."))
    page.keyboard.press("Space")
    expect(page.get_by_label("I have read this and I agree.")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Yes, I agree"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("555-0100")).to_be_visible()
    referral.refresh_from_db()
    assert referral.has_consent
    visit(page, "consent-given")

    tab_to(page, page.get_by_role("link", name="Back to my planner"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/portal/$"))
    tab_to(page, page.get_by_role("link", name="Write down a stigma encounter"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/portal/stigma-encounters/new/$"))
    tab_to(page, page.get_by_label("Where"))
    page.keyboard.type("Healthcare")
    expect(page.get_by_label("Where")).to_have_value("healthcare")
    tab_to(page, page.get_by_label("What happened"))
    page.keyboard.type("A receptionist talked about my diagnosis in the waiting room.")
    # A 0-10 scale is a group of radio buttons: Tab reaches it, the arrow keys move along it and choose.
    for legend, number in (("Distress before (0–10)", 6), ("Distress after (0–10)", 3)):
        scale = page.get_by_role("group", name=legend)
        tab_to(page, scale.get_by_role("radio").first)
        for _ in range(number):
            page.keyboard.press("ArrowRight")
        expect(scale.get_by_role("radio", name=str(number), exact=True)).to_be_checked()
        assert _focus_is_visible(page)
    visit(page, "encounter-form")
    tab_to(page, page.get_by_role("button", name="Save"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you for writing it down.")).to_be_visible()
    encounter = StigmaEncounter.objects.get(client=client_record)
    assert (encounter.setting, encounter.distress_before, encounter.distress_after) == ("healthcare", 6, 3)

    page.wait_for_url(re.compile(r"/portal/$"))  # saving returns to the home page
    tab_to(page, page.get_by_role("link", name="Telling My new manager"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("I live with bipolar disorder. It is well managed")).to_be_visible()
    visit(page, "disclosure-plan")
    tab_to(page, page.get_by_role("link", name="Back to my planner"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/portal/$"))

    tab_to(page, page.get_by_role("link", name="My portfolio as a PDF"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/portal/portfolio-pdf/$"))
    tab_to(page, page.get_by_role("button", name="Make the PDF"))
    page.keyboard.press("Enter")
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    visit(page, "portfolio-pdf-ready")
    with page.expect_download() as download:
        tab_to(page, download_link)
        page.keyboard.press("Enter")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # The language switcher in the footer, by keyboard: type-ahead picks "español" in the list.
    tab_to(page, page.get_by_label("Language", exact=True))
    page.keyboard.type("esp")
    expect(page.get_by_label("Language", exact=True)).to_have_value("es")
    tab_to(page, page.get_by_role("button", name="Change"))
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mi portafolio en PDF")
    context.close()
