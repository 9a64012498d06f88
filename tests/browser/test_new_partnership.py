"""A new partnership sets itself up and runs its first meeting without an administrator.

From an empty portal with one administrator (who creates the clerk's login with the "Can
add board" permission, as the README's "Set up your partnership" says), the clerk imports
the partnership workbook, adds a member in the set-up pages, builds and publishes a first
meeting with the performance report tabled, then issues supplementary agenda pack No. 1,
whose first page number follows the main pack's last.
"""
import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from pypdf import PdfReader

from boards.models import Board, Membership, PackRender
from indicators.models import PerformanceReport
from partnerships.workbook import workbook_xlsx
from tests.browser.helpers import BROWSER_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

CLERK_EMAIL = "clara.clerk@islington.example"

WORKBOOK = {
    "organisations": [
        {"name": "Islington Council", "short_name": "LBI", "responsible_authority": "yes"},
        {"name": "Metropolitan Police Service", "short_name": "MPS",
         "responsible_authority": "yes"},
    ],
    "boards": [
        {"slug": "isl-csp", "name": "Safer Islington Partnership", "kind": "Partnership board"},
        {"slug": "isl-asb", "name": "ASB Delivery Group", "parent": "isl-csp",
         "kind": "Delivery group"},
    ],
    "people": [
        {"name": "Clara Clerk", "email": CLERK_EMAIL, "post_title": "Partnership Manager",
         "organisation": "Islington Council"},
        {"name": "Cllr Una Chair", "email": "una@islington.example",
         "organisation": "Islington Council"},
        {"name": "Supt Dev Member", "email": "dev@met.example",
         "organisation": "Metropolitan Police Service"},
    ],
    "memberships": [
        {"board": "isl-csp", "member": "Clara Clerk", "role": "clerk"},
        {"board": "isl-csp", "member": "Cllr Una Chair", "role": "chair"},
    ],
    "plan": [{"title": "Safer Islington Plan", "start": "2025/26", "end": "2027/28",
              "status": "approved"}],
    "priorities": [{"code": "1", "title": "Reduce serious violence"}],
}


def footer_numbers(data: bytes) -> list[int]:
    """The "Page N" footers of a PDF, in page order (front matter has none)."""
    numbers = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found = re.findall(r"^Page (\d+)\s*$", page.extract_text() or "", re.M)
        numbers += [int(found[-1])] if found else []
    return numbers


def download(page, link_name: str) -> bytes:
    link = page.get_by_role("link", name=link_name)
    link.wait_for(timeout=120_000)
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_a_new_partnership_sets_up_and_issues_its_first_supplement(
    page, sign_in, assert_accessible, tmp_path
):
    # The empty portal's one administrator creates the clerk's login, once, in /admin/.
    users = get_user_model()
    admin = users.objects.create_superuser("admin", "admin@example.org", BROWSER_PASSWORD)
    assert not Board.objects.exists() and users.objects.count() == 1
    sign_in(page, admin, next_path="/admin/auth/user/add/")
    page.goto("/admin/auth/user/add/")
    page.get_by_label("Username").fill("clara")
    usable = page.get_by_label("Enabled")  # Django 5.1+: "Password-based authentication"
    if usable.count():
        usable.check()
    page.locator("#id_password1").fill(BROWSER_PASSWORD)
    page.locator("#id_password2").fill(BROWSER_PASSWORD)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.locator("#id_email").fill(CLERK_EMAIL)
    page.locator("#id_user_permissions_input").fill("Can add board")
    add_board = Permission.objects.get(codename="add_board", content_type__app_label="boards")
    page.locator("#id_user_permissions_from").select_option(value=str(add_board.pk))
    page.locator("#id_user_permissions_add").click()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    clerk = users.objects.get(username="clara")
    assert clerk.email == CLERK_EMAIL and clerk.has_perm("boards.add_board")
    page.context.clear_cookies()

    # The clerk imports the partnership workbook.
    sign_in(page, clerk, next_path="/setup/import/")
    workbook = tmp_path / "islington.xlsx"
    workbook.write_bytes(workbook_xlsx(WORKBOOK))
    page.get_by_label("Partnership workbook (XLSX)").set_input_files(str(workbook))
    page.get_by_role("button", name="Import workbook").click()
    page.get_by_text("islington.xlsx imported").wait_for()
    assert_accessible(page)
    assert Board.objects.get(slug="isl-asb").parent.slug == "isl-csp"

    # ... adds a member in the set-up pages ...
    page.goto("/boards/isl-csp/")
    page.get_by_role("link", name="Set up the board and its members").click()
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Person", exact=True).select_option(label="Supt Dev Member")
    page.get_by_role("button", name="Save membership").click()
    page.wait_for_load_state()
    assert Membership.objects.filter(board__slug="isl-csp", person__name="Supt Dev Member",
                                     role="member").exists()

    # ... builds the first meeting, with the performance report tabled ...
    page.goto("/boards/isl-csp/")
    page.get_by_role("link", name="Create a meeting").click()
    day = timezone.localdate() + dt.timedelta(days=40)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("10am")
    page.get_by_label("Venue").fill("Islington Town Hall")
    page.get_by_role("button", name="Create meeting").click()
    page.wait_for_load_state()
    as_at = (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title", exact=True).fill("Performance report")
    page.get_by_label("Table the performance report as at").select_option(
        label=f"{as_at:%B %Y}")
    assert_accessible(page)
    page.get_by_role("button", name="Add item").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title", exact=True).fill("Serious violence strategy")
    page.get_by_role("button", name="Add item").click()
    page.wait_for_load_state()
    report = PerformanceReport.objects.get(agenda_item__title="Performance report")
    assert report.as_at == as_at and report.board.slug == "isl-csp"

    meeting_path = page.locator("nav.govuk-breadcrumbs a").last.get_attribute("href")
    page.goto(meeting_path)
    page.get_by_role("link", name="Add a paper").click()
    page.get_by_role("link", name="Add a paper to item 2").click()
    page.get_by_label("Title (the report's subject)").fill("Serious Violence Strategy")
    page.get_by_label("Report of").fill("Director of Community Safety")
    page.get_by_label("Reduce serious violence").check()
    page.locator("#id_sign_offs-0-role").fill("Finance")
    page.locator("#id_sign_offs-0-name").fill("Fay Finance")
    page.locator("#id_sections-0-body").fill("The strategy for the board to agree.")
    assert_accessible(page)
    page.get_by_role("button", name="Add the paper").click()
    page.get_by_text('Paper "Serious Violence Strategy" added').wait_for()

    # ... and publishes it.
    page.get_by_role("link", name="Publish the agenda").click()
    page.get_by_role("button", name="Publish the agenda").click()
    page.get_by_text("Agenda published.").wait_for()
    main = download(page, "Download the public pack")
    main_numbers = footer_numbers(main)
    main_text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(main)).pages)
    assert "Serious Violence Strategy" in main_text and "Director of Community Safety" in main_text
    assert "Reduce serious violence" in main_text and "Fay Finance" in main_text
    assert f"{as_at:%B %Y}" in main_text  # the performance report, as at its month
    assert main_numbers and main_numbers[0] == 1

    # A late paper goes out as supplementary agenda pack No. 1.
    page.get_by_role("link", name="Add a paper").click()
    page.get_by_role("link", name="Add a paper to item 2").click()
    page.get_by_label("Reason for urgency").fill("The police figures came after publication.")
    page.get_by_label("Title (the report's subject)").fill("Violence Figures Update")
    page.locator("#id_sections-0-body").fill("Late figures.")
    page.get_by_role("button", name="Add the paper").click()
    page.get_by_text("added to supplementary agenda 1").wait_for()
    page.get_by_role("link", name="Supplementary agendas").click()
    page.get_by_role("link", name="Publish supplementary agenda 1").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish supplementary agenda 1").click()
    page.wait_for_load_state()
    supplement = download(page, "Download the supplementary agenda 1 public pack")
    numbers = footer_numbers(supplement)
    assert numbers[0] == main_numbers[-1] + 1
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(supplement)).pages)
    assert "Supplementary agenda pack No. 1" in text
    assert "The police figures came after publication." in text
    assert f"(Page {numbers[0]})" in text or f"(Pages {numbers[0]} - " in text
    render = PackRender.objects.get(supplement__number=1, edition="public")
    assert render.first_page == main_numbers[-1] + 1 and render.last_page == numbers[-1]
