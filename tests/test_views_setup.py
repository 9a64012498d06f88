"""The clerk's set-up pages: people, organisations, kinds of board, boards and memberships,
each change audited; an organisation's seat gives its role to its representative and deputy."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.access import Role, user_board_roles
from boards.models import Board, BoardKind, Membership, Organisation, Person
from csp_portal.models import AuditEntry
from tests.factories import (
    BoardFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


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


def _audited(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_the_clerk_adds_and_changes_people_and_organisations(clerk):
    response = clerk.post(reverse("boards:setup_organisation_add"), {
        "name": "Metropolitan Police", "short_name": "MPS", "responsible_authority": "on"})
    assert response.status_code == 302
    police = Organisation.objects.get(name="Metropolitan Police")
    assert police.responsible_authority
    response = clerk.post(reverse("boards:setup_person_add"), {
        "name": "Jason Gwillim", "post_title": "Borough Commander",
        "organisation": police.pk, "email": "not an email"})
    assert response.status_code == 200
    assert "not an email is not an email address" in response.content.decode()
    clerk.post(reverse("boards:setup_person_add"), {
        "name": "Jason Gwillim", "post_title": "Borough Commander",
        "organisation": police.pk, "email": "jason@police.example"})
    jason = Person.objects.get(name="Jason Gwillim")
    clerk.post(reverse("boards:setup_person_edit", args=[jason.pk]), {
        "name": "Jason Gwillim", "post_title": "Superintendent", "organisation": police.pk,
        "email": "jason@police.example"})
    jason.refresh_from_db()
    assert jason.post_title == "Superintendent"
    [change] = _audited("person_change")
    assert change.detail == {"post_title": ["Borough Commander", "Superintendent"]}
    assert len(_audited("organisation_add")) == 1 and len(_audited("person_add")) == 1
    people = clerk.get(reverse("boards:setup_person_list")).content.decode()
    assert "Jason Gwillim" in people and "Metropolitan Police" in people


def test_the_clerk_adds_a_kind_of_board_and_a_board_below(clerk, csp):
    clerk.post(reverse("boards:setup_board_kinds"), {"name": "Scrutiny committee"})
    response = clerk.post(reverse("boards:setup_board_kinds"), {"name": "scrutiny  committee"})
    assert "There is already a kind of board called scrutiny committee" in (
        response.content.decode())
    kind = BoardKind.objects.get(name="Scrutiny committee")
    response = clerk.post(reverse("boards:setup_board_add_below", args=["th-csp"]), {
        "name": "Crime and Disorder Committee", "slug": "th-scrutiny", "kind": kind.pk})
    assert response.status_code == 302
    committee = Board.objects.get(slug="th-scrutiny")
    assert committee.parent == csp and committee.kind == kind
    assert _audited("board_add")[0].actor is not None
    # The partnership's clerk clerks the new board too.
    assert clerk.get(reverse("boards:setup_board", args=["th-scrutiny"])).status_code == 200


def test_a_board_cannot_report_to_a_board_below_it(clerk, csp):
    below = SubgroupFactory(parent=csp, slug="th-vawg")
    deeper = SubgroupFactory(parent=below, slug="th-marac")
    response = clerk.post(reverse("boards:setup_board_edit", args=["th-vawg"]), {
        "name": below.name, "slug": "th-vawg", "kind": below.kind.pk, "parent": deeper.pk})
    assert response.status_code == 200
    below.refresh_from_db()
    assert below.parent == csp


def test_memberships_of_people_and_organisations_added_changed_and_ended(clerk, csp):
    police = OrganisationFactory(name="Metropolitan Police")
    rep_user, deputy_user = UserFactory(), UserFactory()
    rep = PersonFactory(name="Jason Gwillim", user=rep_user)
    deputy = PersonFactory(name="Tim Barfoot", user=deputy_user)
    url = reverse("boards:setup_membership_add", args=["th-csp"])
    response = clerk.post(url, {"seat": "organisation", "role": "member"})
    assert "Choose the organisation that holds the seat" in response.content.decode()
    response = clerk.post(url, {
        "seat": "organisation", "organisation": police.pk, "person": rep.pk,
        "deputy": deputy.pk, "role": "vice_chair", "title_on_board": "Police lead",
        "start_date_0": "1", "start_date_1": "4", "start_date_2": "2017"})
    assert response.status_code == 302
    seat = Membership.objects.get(board=csp, organisation=police)
    assert (seat.person, seat.deputy, seat.start_date) == (rep, deputy, dt.date(2017, 4, 1))
    assert user_board_roles(deputy_user, csp) == {Role.CHAIR}
    page = clerk.get(reverse("boards:setup_board", args=["th-csp"])).content.decode()
    assert "Metropolitan Police" in page and "deputy Tim Barfoot" in page
    board_page = clerk.get(reverse("boards:board_detail", args=["th-csp"])).content.decode()
    assert "Jason Gwillim; deputy Tim Barfoot" in board_page

    edit = reverse("boards:setup_membership_edit", args=["th-csp", seat.pk])
    clerk.post(edit, {"seat": "organisation", "organisation": police.pk, "person": rep.pk,
                      "deputy": deputy.pk, "role": "member",
                      "start_date_0": "1", "start_date_1": "4", "start_date_2": "2017"})
    seat.refresh_from_db()
    assert seat.role == "member"
    assert _audited("membership_change")[0].detail["role"] == ["vice_chair", "member"]

    end = reverse("boards:setup_membership_end", args=["th-csp", seat.pk])
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    clerk.post(end, {"end_date_0": str(yesterday.day), "end_date_1": str(yesterday.month),
                     "end_date_2": str(yesterday.year)})
    seat.refresh_from_db()
    assert seat.end_date == yesterday
    assert user_board_roles(rep_user, csp) == frozenset()
    response = clerk.post(end, {"end_date_0": "1", "end_date_1": "1", "end_date_2": "2000"})
    assert "must end on or after the day it starts" in response.content.decode()


def test_only_staff_or_those_allowed_may_add_a_top_board(client):
    from django.contrib.auth.models import Permission

    starter = UserFactory()
    client.force_login(starter)
    url = reverse("boards:setup_board_add_top")
    assert client.get(url).status_code == 403
    starter.user_permissions.add(Permission.objects.get(codename="add_board"))
    kind = BoardKind.objects.get(slug="partnership_board")
    response = client.post(url, {"name": "Havering CSP", "slug": "havering-csp",
                                 "kind": kind.pk})
    assert response.status_code == 302
    assert Board.objects.get(slug="havering-csp").parent is None


def test_the_clerk_marks_a_board_as_reporting_to_the_board_above(clerk, csp):
    """Then (and only then) its chair acts as an officer of the board above (boards.access)."""
    below = SubgroupFactory(parent=csp, slug="th-vawg", reports_to_parent=False)
    chair = UserFactory()
    MembershipFactory(board=below, person=PersonFactory(user=chair), role="chair")
    assert user_board_roles(chair, csp) == frozenset()
    url = reverse("boards:setup_board_edit", args=["th-vawg"])
    assert "It reports to the board above it" in clerk.get(url).content.decode()
    response = clerk.post(url, {"name": below.name, "slug": "th-vawg", "kind": below.kind.pk,
                                "parent": csp.pk, "reports_to_parent": "on"})
    assert response.status_code == 302
    below.refresh_from_db()
    assert below.reports_to_parent
    assert user_board_roles(chair, csp) == {Role.OFFICER}
    [change] = _audited("board_change")
    assert change.detail == {"reports_to_parent": [False, True]}
