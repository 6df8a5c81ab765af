"""Issue 23, item 7: the README's screenshots, made by this browser test so they show the product as it is.

On the demo: the workspace (Maya's view of Jordan's overview at 1024×768), the portal on a phone (Jordan's home at
375×812) and the first page of the portfolio PDF Jordan makes in the portal, its cover with a title and words of
Jordan's (`pdftoppm` at 70 dpi). Every run takes them, into a temporary folder; with UPDATE_SCREENSHOTS=1
(`make screenshots`) they are written to docs/screenshots/, over the ones the README shows. The viewport only, not
the full page, to keep the files small."""

import os
import struct
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

README_SCREENSHOTS = Path(django_settings.BASE_DIR) / "docs" / "screenshots"
LAPTOP = {"width": 1024, "height": 768}
PHONE = {"width": 375, "height": 812}
# What Jordan chooses for the portfolio's cover.
COVER_TITLE = "Still growing"
COVER_WORDS = "Small steps count. I got here one morning at a time. 🌱"
# How far each micro-goal's tick button on the portal home reaches over its goal's title (px; 0 when beside it).
TICK_OVERLAPS = """() => [...document.querySelectorAll('.goal-row')].map(row => {
  const tick = row.querySelector('.goal-tick').getBoundingClientRect();
  const title = row.lastElementChild.getBoundingClientRect();
  return Math.max(0, Math.round(tick.right - title.left));
})"""


@pytest.fixture
def folder(tmp_path):
    """docs/screenshots/ when asked to update them (UPDATE_SCREENSHOTS=1), otherwise a temporary folder."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return README_SCREENSHOTS
    return tmp_path / "screenshots"


def png_size(path):
    """(width, height) of a PNG, from its header."""
    header = Path(path).read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_the_readme_screenshots(browser, live_server, axe, demo_client, folder, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    folder.mkdir(parents=True, exist_ok=True)
    jordan = demo_client

    staff = signed_in_page(browser, live_server, jordan.primary_therapist, viewport=LAPTOP, color_scheme="light")
    staff.goto(jordan.get_absolute_url())
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Jordan")
    axe(staff)
    staff.screenshot(path=folder / "workspace.png")
    staff.context.close()

    portal = signed_in_page(browser, live_server, jordan.portal_user, viewport=PHONE, color_scheme="light")
    portal.goto("/portal/")
    expect(portal.get_by_role("heading", level=1)).to_have_text("Hello, Jordan")
    axe(portal)
    overlaps = portal.evaluate(TICK_OVERLAPS)
    assert len(overlaps) == 3  # Jordan's three micro-goals
    assert overlaps == [0, 0, 0], f"tick buttons over their goals' titles by {overlaps} px"
    portal.screenshot(path=folder / "portal-phone.png")

    portal.get_by_role("link", name="My portfolio as a PDF").click()
    portal.get_by_label("A title for the cover (optional)").fill(COVER_TITLE)
    portal.get_by_label("A few words for the cover (optional)").fill(COVER_WORDS)
    axe(portal)
    portal.get_by_role("button", name="Make the PDF").click()
    expect(portal.get_by_role("link", name="Download the PDF")).to_be_visible()
    axe(portal)
    with portal.expect_download() as download:
        portal.get_by_role("link", name="Download the PDF").click()
    pdf = tmp_path / "portfolio.pdf"
    download.value.save_as(pdf)
    portal.context.close()
    command = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf, folder / "portfolio-page"]
    subprocess.run(command, check=True)
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True, check=True)
    assert COVER_TITLE in cover.stdout  # the page shown is the cover, in Jordan's words

    assert png_size(folder / "workspace.png") == (1024, 768)
    assert png_size(folder / "portal-phone.png") == (375, 812)
    width, height = png_size(folder / "portfolio-page.png")
    assert (width, height) in ((595, 770), (579, 819))  # a Letter or an A4 page at 70 dpi
    for name in ("workspace.png", "portal-phone.png", "portfolio-page.png"):
        assert (folder / name).stat().st_size < 300_000, name  # modest, for the README
