"""Setting up a partnership from one workbook (issue 10, "Done when"): a workbook written from
the demo's data, imported into an empty database, gives the same board tree, roles and
access as load_demo; a workbook with bad rows saves nothing; importing twice changes nothing.
"""
import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from actions.models import Action
from boards.demo.loader import load_demo
from boards.models import Board, BoardKind, Membership, Organisation, Person
from csp_portal.models import AuditEntry
from partnerships.rows import Scope
from partnerships.selectors import partnership_rows
from partnerships.services import partnership_import
from partnerships.workbook import WorkbookError, read_xlsx, workbook_xlsx
from plans.models import Plan, Priority
from tests.factories import BoardFactory, MembershipFactory, PersonFactory, UserFactory
from tests.partnership_workbook import partnership_state

pytestmark = pytest.mark.django_db

ADMIN = Scope(everything=True, may_add_top=True)


def _import(rows_or_content, scope=ADMIN, actor=None, dry_run=False):
    content = rows_or_content if isinstance(rows_or_content, bytes) else workbook_xlsx(
        rows_or_content)
    return partnership_import(sheets=read_xlsx(content), actor=actor, scope=scope,
                              dry_run=dry_run)


def _counts() -> dict[str, int]:
    models = [BoardKind, Organisation, Person, Board, Membership, Plan, Priority, Action,
              AuditEntry, Action.priorities.through, Action.lead_people.through]
    return {m._meta.label: m.objects.count() for m in models}


def _empty_the_database() -> None:
    """Empty every table as a new portal's database is, inside the test's transaction (rolled
    back afterwards). PostgreSQL truncates only once no deferred constraint check is pending."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--noinput", verbosity=0)


def test_the_demo_written_as_a_workbook_sets_up_the_same_partnership_in_an_empty_portal():
    load_demo()
    expected = partnership_state()
    content = workbook_xlsx(partnership_rows(board=Board.objects.get(slug="bd-csp")))

    _empty_the_database()
    assert not Board.objects.exists() and not Person.objects.exists()

    result = _import(content)
    assert result.ok, [str(e) for e in result.errors]
    assert result.counts["boards"]["created"] == 8
    assert result.counts["memberships"]["created"] == Membership.objects.count()
    state = partnership_state()
    assert state["tree"] == expected["tree"]
    assert state["seats"] == expected["seats"]
    assert state["access"] == expected["access"]
    assert state["people"] == expected["people"]
    assert state == expected
    assert state["access"]["Jade Hodgson"]["vawg"] == ["clerk"]
    assert state["access"]["Fiona Taylor"]["vawg"] == ["parent_chair"]

    before = _counts()
    again = _import(content)
    assert again.ok and not again.changed
    assert {c["created"] + c["updated"] for c in again.counts.values()} == {0}
    assert _counts() == before
    assert partnership_state() == state


def test_importing_the_demos_own_workbook_into_the_demo_changes_nothing():
    load_demo()
    content = workbook_xlsx(partnership_rows(board=Board.objects.get(slug="bd-csp")))
    before = _counts()
    result = _import(content)
    assert result.ok and not result.changed
    assert _counts() == before


BAD = {
    "organisations": [
        {"name": "Metropolitan Police", "short_name": "MET", "responsible_authority": "perhaps"},
        {"name": "Good Council", "short_name": "GC", "responsible_authority": "yes"},
    ],
    "boards": [
        {"slug": "csp", "name": "Community Safety Partnership", "kind": "Partnership board"},
        {"slug": "VAWG Group", "name": "VAWG", "parent": "csp", "kind": "Subgroup"},
        {"slug": "asb", "name": "ASB panel", "parent": "nowhere", "kind": "Panel"},
    ],
    "people": [
        {"name": "Ann Lead", "email": "not-an-email", "organisation": "GC"},
        {"name": "Bob Chair", "organisation": "Unknown Agency"},
    ],
    "memberships": [
        {"board": "csp", "member": "Ann Lead", "role": "boss"},
        {"board": "csp", "member": "Zed Nobody", "role": "member"},
        {"board": "csp", "member": "Good Council", "role": "member",
         "representative": "Ann Lead", "start_date": "2018-04-01", "end_date": "2018-03-01"},
    ],
    "plan": [{"title": "Plan 2018-21", "start": "2018/19", "end": "2020/21", "status": "done"}],
    "priorities": [
        {"code": "1", "title": "Violence"},
        {"code": "1.1", "title": "Knives", "parent": "9"},
    ],
    "actions": [
        {"board": "csp", "reference": "1a", "description": "Do it", "priorities": "1, 7",
         "lead": "Ann Lead", "target_date": "next year", "rag": "purple"},
        {"board": "csp", "reference": "1a", "description": "Again", "lead": "GC",
         "target_date": "Ongoing", "rag": "G"},
    ],
}


def test_a_workbook_with_bad_rows_saves_nothing_and_reports_every_one_by_sheet_and_row():
    BoardFactory(slug="elsewhere")
    before = _counts()
    result = _import(BAD)
    assert not result.ok and not result.counts
    reported = {(e.sheet, e.row): e.reason for e in result.errors}
    assert sorted(reported) == [
        ("actions", 2), ("actions", 3), ("boards", 3), ("boards", 4),
        ("memberships", 2), ("memberships", 3), ("memberships", 4), ("organisations", 2),
        ("people", 2), ("people", 3), ("plan", 2), ("priorities", 3),
    ]
    assert reported[("organisations", 2)] == 'responsible_authority "perhaps" is not yes or no'
    assert "must be lower-case letters" in reported[("boards", 3)]
    assert reported[("boards", 4)] == (
        'parent "nowhere" is not a board in the workbook or the portal')
    assert reported[("people", 2)] == 'email "not-an-email" is not an email address'
    assert "Unknown Agency" in reported[("people", 3)]
    assert reported[("memberships", 2)].startswith('role "boss" is not chair, vice-chair')
    assert "Zed Nobody" in reported[("memberships", 3)]
    assert reported[("memberships", 4)] == "end_date is before start_date"
    assert reported[("plan", 2)] == 'status "done" is not draft, approved or archived'
    assert "parent \"9\" is not a priority" in reported[("priorities", 3)]
    first_action = reported[("actions", 2)]
    for reason in ('Target date "next year" is not a date', 'rag "purple" is not R, A or G',
                   "priority 7 is not in the plan"):
        assert reason in first_action
    assert reported[("actions", 3)] == "csp action 1a is also on row 2"
    assert _counts() == before


def test_one_row_refused_while_writing_rolls_back_the_rows_before_it(monkeypatch):
    from boards.setup import services as setup

    def refuse(**kwargs):
        from django.core.exceptions import ValidationError
        raise ValidationError({"name": ["Refused by the service"]})

    monkeypatch.setattr(setup, "person_upsert", refuse)
    before = _counts()
    result = _import({
        "organisations": [{"name": "Good Council"}],
        "people": [{"name": "Ann Lead"}],
    })
    assert [str(e) for e in result.errors] == ["people row 2: Refused by the service"]
    assert _counts() == before


def test_unknown_columns_and_sheets_are_refused_by_name():
    with pytest.raises(WorkbookError, match=r'Sheet "boards" has column \'colour\' that'):
        read_xlsx(_raw_workbook({"boards": [["slug", "name", "kind", "colour"]]}))
    with pytest.raises(WorkbookError, match=r'sheet "Budget" that the import does not know'):
        read_xlsx(_raw_workbook({"Budget": [["line", "amount"]]}))
    with pytest.raises(WorkbookError, match=r'"people" must have the column name'):
        read_xlsx(_raw_workbook({"people": [["email"]]}))


def _raw_workbook(sheets: dict[str, list[list]]) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD = {
    "organisations": [
        {"name": "London Borough of Havering", "short_name": "LBH",
         "responsible_authority": "yes"},
        {"name": "Metropolitan Police", "short_name": "MPS", "responsible_authority": "yes"},
    ],
    "boards": [
        {"slug": "havering-csp", "name": "Havering Community Safety Partnership",
         "kind": "Partnership board"},
        {"slug": "havering-vawg", "name": "VAWG Delivery Group", "parent": "havering-csp",
         "kind": "Delivery group"},
        {"slug": "havering-scrutiny", "name": "Crime and Disorder Committee",
         "parent": "havering-csp", "kind": "Overview and scrutiny"},
    ],
    "people": [
        {"name": "Diane Egan", "email": "diane.egan@havering.example", "post_title":
         "Community Safety Manager", "organisation": "LBH"},
        {"name": "Jason Gwillim", "organisation": "Metropolitan Police"},
    ],
    "memberships": [
        {"board": "havering-csp", "member": "Diane Egan", "role": "Clerk"},
        {"board": "havering-csp", "member": "Metropolitan Police", "role": "Vice-chair",
         "representative": "Jason Gwillim", "start_date": dt.date(2017, 4, 1)},
        {"board": "havering-vawg", "member": "LBH", "role": "member"},
        {"board": "havering-vawg", "member": "Diane Egan", "role": "analyst"},
    ],
    "plan": [{"title": "Havering Community Safety Plan 2017-20", "start": "2017/18",
              "end": "2019/20", "status": "approved"}],
    "priorities": [
        {"code": "1", "title": "Protecting vulnerable people"},
        {"code": "1.1", "title": "Violence against women and girls", "parent": "1"},
        {"code": "2", "title": "Reducing reoffending"},
    ],
    "actions": [
        {"board": "havering-vawg", "reference": "1.1a", "description": "Run the MARAC",
         "priorities": "1.1", "outcomes": "Fewer repeat victims", "resources": "MOPAC fund",
         "lead": "Metropolitan Police; Diane Egan; IDVA service", "target_date": "October 2017",
         "review_date": "01/07/2017", "rag": "Amber", "status": "open"},
        {"board": "havering-csp", "reference": "7", "description": "Refresh the plan",
         "priorities": "1, 2", "lead": "LBH", "target_date": "TBC", "rag": "G"},
    ],
}


def test_a_new_partnership_with_organisation_seats_kinds_and_a_plan():
    result = _import(GOOD)
    assert result.ok, [str(e) for e in result.errors]
    assert result.new_kinds == ["Overview and scrutiny"]
    csp = Board.objects.get(slug="havering-csp")
    assert csp.kind.name == "Partnership board"
    assert Board.objects.get(slug="havering-scrutiny").kind.name == "Overview and scrutiny"
    assert Organisation.objects.get(short_name="MPS").responsible_authority
    seat = Membership.objects.get(board=csp, organisation__short_name="MPS")
    assert (seat.role, seat.person.name, seat.start_date) == (
        "vice_chair", "Jason Gwillim", dt.date(2017, 4, 1))
    plan = Plan.objects.get(board=csp)
    assert plan.period_label == "2017/18 to 2019/20" and plan.is_public
    assert plan.priorities.get(code="1.1").parent.code == "1"
    marac = Action.objects.get(board__slug="havering-vawg", reference="1.1a")
    assert marac.raised_at is None and marac.target_display == "October 2017"
    assert [p.name for p in marac.lead_people.all()] == ["Diane Egan"]
    assert [o.short_name for o in marac.lead_organisations.all()] == ["MPS"]
    assert marac.lead_body == "IDVA service" and marac.review_date == dt.date(2017, 7, 1)
    seven = Action.objects.get(board=csp, number=7)
    assert seven.reference == "" and seven.target_date_tbc
    assert sorted(seven.priorities.values_list("code", flat=True)) == ["1", "2"]
    assert AuditEntry.objects.filter(action="board_add").count() == 3
    assert not _import(GOOD).changed


def test_a_changed_row_updates_only_that_row_and_a_missing_column_leaves_fields_alone():
    _import(GOOD)
    changed = {
        "people": [{"name": "Diane Egan", "post_title": "Head of Community Safety"}],
        "actions": [{"board": "havering-vawg", "reference": "1.1a", "description":
                     "Run the MARAC", "lead": "Metropolitan Police; Diane Egan; IDVA service",
                     "target_date": "October 2017", "rag": "G"}],
    }
    # Only the columns the rows name: email, outcomes, priorities… are left out.
    result = _import(_raw_workbook({
        sheet: [list(rows[0]), *[list(row.values()) for row in rows]]
        for sheet, rows in changed.items()
    }))
    assert result.ok, [str(e) for e in result.errors]
    assert result.counts["people"] == {"updated": 1}
    assert result.counts["actions"] == {"updated": 1}
    diane = Person.objects.get(name="Diane Egan")
    assert diane.post_title == "Head of Community Safety"
    assert diane.email == "diane.egan@havering.example"  # no email column: left alone
    marac = Action.objects.get(reference="1.1a")
    assert marac.rag_status == "G" and marac.outcomes == "Fewer repeat victims"
    assert list(marac.priorities.values_list("code", flat=True)) == ["1.1"]


def test_a_dry_run_counts_what_would_change_and_saves_nothing():
    before = _counts()
    result = _import(GOOD, dry_run=True)
    assert result.ok and result.dry_run
    assert result.counts["boards"]["created"] == 3
    assert _counts() == before


def test_a_clerk_may_only_import_for_the_boards_they_manage():
    csp = BoardFactory(slug="havering-csp", name="Havering CSP")
    BoardFactory(slug="elsewhere", name="Elsewhere")
    clerk = UserFactory()
    MembershipFactory(board=csp, person=PersonFactory(user=clerk), role="clerk")
    from partnerships.selectors import import_scope

    scope = import_scope(user=clerk)
    result = _import({"boards": [
        {"slug": "havering-csp", "name": "Havering CSP", "kind": "Partnership board"},
        {"slug": "havering-asb", "name": "ASB panel", "parent": "havering-csp",
         "kind": "Panel"},
        {"slug": "elsewhere", "name": "Renamed", "kind": "Partnership board"},
        {"slug": "new-top", "name": "Another partnership", "kind": "Partnership board"},
    ], "memberships": [
        {"board": "elsewhere", "member": "Havering CSP clerk", "role": "member"},
    ]}, scope=scope, actor=clerk)
    reported = {(e.sheet, e.row): e.reason for e in result.errors}
    assert set(reported) == {("boards", 4), ("boards", 5), ("memberships", 2)}
    assert reported[("boards", 4)].startswith("You may not change elsewhere")
    assert reported[("boards", 5)].startswith("Only an administrator may add new-top")
    assert reported[("memberships", 2)].startswith("You may not change elsewhere")
    assert not Board.objects.filter(slug="havering-asb").exists()
    ok = _import({"boards": [{"slug": "havering-asb", "name": "ASB panel",
                              "parent": "havering-csp", "kind": "Panel"}]},
                 scope=scope, actor=clerk)
    assert ok.ok and Board.objects.get(slug="havering-asb").parent == csp
