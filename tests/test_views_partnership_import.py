"""The partnership import page: a clerk uploads the workbook; bad rows are listed by sheet
and row and nothing is saved; the blank workbook and a board's workbook download."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from boards.models import Board, Membership
from partnerships.workbook import SHEETS, workbook_xlsx
from tests.factories import BoardFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("partnerships:import")


@pytest.fixture
def csp():
    return BoardFactory(slug="th-csp", name="Tower Hamlets CSP")


@pytest.fixture
def clerk(client, csp):
    user = UserFactory()
    MembershipFactory(board=csp, person=PersonFactory(user=user, name="Clare Clerk"),
                      role="clerk")
    client.force_login(user)
    return client


def _upload(rows, name="partnership.xlsx", **extra):
    return {"file": SimpleUploadedFile(name, workbook_xlsx(rows)), **extra}


ROWS = {
    "boards": [{"slug": "th-csp", "name": "Tower Hamlets CSP", "kind": "Partnership board"},
               {"slug": "th-asb", "name": "ASB Partnership Group", "parent": "th-csp",
                "kind": "Delivery group"}],
    "people": [{"name": "Ann Officer", "email": "ann@example.org"}],
    "memberships": [{"board": "th-asb", "member": "Ann Officer", "role": "chair"}],
}


def test_a_clerk_imports_a_workbook(clerk):
    response = clerk.post(URL, _upload(ROWS))
    assert response.status_code == 302
    page = clerk.get(response["Location"]).content.decode()
    assert "partnership.xlsx imported: boards: 1 created, 0 updated, 1 unchanged" in page
    assert Membership.objects.get(board__slug="th-asb").person.name == "Ann Officer"


def test_a_dry_run_shows_what_would_change_and_saves_nothing(clerk):
    response = clerk.post(URL, _upload(ROWS, dry_run="on"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "nothing was saved" in html and "boards: 1 created" in html
    assert not Board.objects.filter(slug="th-asb").exists()


def test_bad_rows_are_listed_by_sheet_and_row_and_nothing_is_saved(clerk):
    rows = {**ROWS, "memberships": [{"board": "th-asb", "member": "Ann Officer",
                                     "role": "captain"}]}
    response = clerk.post(URL, _upload(rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert "partnership.xlsx was not imported: 1 row has problems" in html
    assert 'href="#memberships-row-2"' in html and "role &quot;captain&quot; is not" in html
    assert [str(e) for e in response.context["row_errors"]] == [
        'memberships row 2: role "captain" is not chair, vice-chair, clerk, officer, minute '
        "taker, member, adviser or analyst"]
    assert not Board.objects.filter(slug="th-asb").exists()


def test_a_file_that_is_not_a_workbook_is_refused(clerk):
    response = clerk.post(URL, {"file": SimpleUploadedFile("notes.xlsx", b"just text")})
    assert "notes.xlsx: The file is not an XLSX workbook." in response.content.decode()


def test_the_blank_workbook_has_every_sheet_and_the_boards_workbook_its_rows(clerk, csp):
    blank = load_workbook(io.BytesIO(clerk.get(reverse("partnerships:import_template")).content))
    assert blank.sheetnames == ["read_me", *SHEETS]
    assert [c.value for c in blank["actions"][1]] == list(SHEETS["actions"])
    response = clerk.get(reverse("partnerships:board_workbook", args=["th-csp"]))
    filled = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in filled["boards"][2]][:2] == ["th-csp", "Tower Hamlets CSP"]
    assert filled["memberships"][2][1].value == "Clare Clerk"


def test_officers_may_not_import(client, csp):
    user = UserFactory()
    MembershipFactory(board=csp, person=PersonFactory(user=user), role="officer")
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _upload(ROWS)).status_code == 403
    assert not Board.objects.filter(slug="th-asb").exists()


def test_a_new_partnerships_clerk_starts_from_an_empty_portal(client):
    from django.contrib.auth.models import Permission

    from boards.access import Role, user_board_roles

    starter = UserFactory(email="Clare.Clerk@havering.example")
    starter.user_permissions.add(Permission.objects.get(codename="add_board"))
    client.force_login(starter)
    rows = {
        "boards": [{"slug": "havering-csp", "name": "Havering CSP",
                    "kind": "Partnership board"}],
        "people": [{"name": "Clare Clerk", "email": "clare.clerk@havering.example"},
                   {"name": "Sam Chair", "email": "sam@havering.example"}],
        "memberships": [{"board": "havering-csp", "member": "Clare Clerk", "role": "clerk"},
                        {"board": "havering-csp", "member": "Sam Chair", "role": "chair"}],
    }
    assert client.post(URL, _upload(rows)).status_code == 302
    csp = Board.objects.get(slug="havering-csp")
    assert user_board_roles(starter, csp) == {Role.CLERK}
    assert starter.person.name == "Clare Clerk"
    from boards.models import Person

    assert Person.objects.get(name="Sam Chair").user is None
    # Now the partnership's clerk, the same workbook changes nothing the second time.
    again = client.post(URL, _upload(rows), follow=True)
    assert "Nothing changed" in again.content.decode()
    assert client.get(reverse("boards:setup_board", args=["havering-csp"])).status_code == 200
