"""The demo loader: the 28 March 2018 Barking and Dagenham CSP agenda pack, as loaded from YAML."""
import datetime as dt
import io
import shutil
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action
from boards.demo import loader as demo_loader
from boards.demo.loader import DATA_DIR, DemoDataError, load_demo
from boards.models import (
    AgendaItem,
    Attendance,
    Board,
    BoardKind,
    ForwardPlanItem,
    Meeting,
    Membership,
    Minute,
    Organisation,
    Paper,
    PaperSection,
    Person,
)
from csp_portal.models import AuditEntry
from indicators.models import Indicator
from plans.models import Plan, Priority
from subgroups.models import SubgroupReport

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


def _meeting(slug: str, day: dt.date) -> Meeting:
    return Meeting.objects.get(board__slug=slug, start__date=day)


def _csp(day: dt.date) -> Meeting:
    return _meeting("bd-csp", day)


def _item(meeting: Meeting, label: str) -> AgendaItem:
    top, _, sub = label.partition("(")
    item = meeting.agenda_items.get(parent=None, position=int(top))
    if sub:
        roman = ["i", "ii", "iii", "iv", "v"].index(sub.rstrip(")")) + 1
        item = item.sub_items.get(position=roman)
    return item


def _snapshot() -> dict[str, list[dict]]:
    """Every row of every model the loader writes (and the audit trail), field by field."""
    models = [BoardKind, Organisation, Person, Board, Membership, Meeting, Attendance,
              AgendaItem, Minute, Paper, PaperSection, SubgroupReport, Action,
              Action.lead_people.through, ForwardPlanItem, AuditEntry, Plan, Priority,
              Action.priorities.through, Indicator.priorities.through]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}


@pytest.fixture
def loaded() -> dict[str, int]:
    return load_demo()


def test_the_28_march_meeting_is_the_published_notice(loaded):
    meeting = _csp(dt.date(2018, 3, 28))
    assert meeting.start == dt.datetime(2018, 3, 28, 10, 0, tzinfo=LONDON)
    assert meeting.end == dt.datetime(2018, 3, 28, 13, 0, tzinfo=LONDON)
    assert meeting.venue == "Conference Centre, Barking Learning Centre, Town Square, Barking"
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert meeting.publication_date == dt.date(2018, 3, 20)
    assert meeting.contact_officer.name == "Jade Hodgson"
    assert meeting.contact_officer.phone == "020 8227 5784"


def test_the_28_march_agenda_has_the_notices_items_and_sub_items(loaded):
    meeting = _csp(dt.date(2018, 3, 28))
    top = list(meeting.agenda_items.filter(parent=None).order_by("position"))
    assert [i.title for i in top] == [
        "Introductions and Apologies for Absence", "Declaration of Interests",
        "Minutes and Action Log - To confirm as correct", "CSP Chairs Report",
        "Safer Neighbourhood Board Updates", "Subgroup Updates", "Performance Report",
        "Crime and Disorder Strategic Assessment", "Forward Plan", "AOB", "Date of Next Meeting",
    ]
    subs = {i.position: [s.title for s in i.sub_items.order_by("position")] for i in top}
    assert subs[5] == ["SNB Open Public Meeting - February 2018", "SNB Minutes – March 2018"]
    assert subs[6] == ["Safer Borough Board", "Violence against Women and Girls (VAWG)",
                       "Children and Young People", "Managing Offenders",
                       "Hate, Intolerance and Extremism"]
    assert subs[7] == ["Performance Report"]
    assert sum(len(v) for v in subs.values()) == 8
    assert [i.position for i in top if i.is_verbal] == [4]
    assert _item(meeting, "6(v)").is_verbal and not _item(meeting, "6(iv)").is_verbal
    assert top[2].pack_content == AgendaItem.PackContent.MINUTES_AND_ACTION_LOG
    assert top[8].pack_content == AgendaItem.PackContent.FORWARD_PLAN
    assert top[1].description.startswith("Members of the Board are asked to declare any personal")
    assert top[10].description == (
        "Community Safety Partnership Board, Wednesday 27 June, 10.00am, Barking Learning "
        "Centre, BLC/Conference Centre (1)"
    )


def test_papers_carry_the_controlled_security_and_the_snb_appendices(loaded):
    meeting = _csp(dt.date(2018, 3, 28))
    cdsa = _item(meeting, "8").papers.get()
    assert cdsa.security == "restricted" and cdsa.exempt_paragraph == 7
    assert cdsa.author.splitlines() == [
        "Jonathon Toy, Director of Enforcement",
        "Daniel James, Senior Intelligence and Analysis Officer",
        "Jade Hodgson, Partnership Boards Business Manager",
    ]
    assert [s.heading for s in cdsa.sections.all()] == [
        "1. Purpose of Presenting the Report", "2. Recommendation(s)", "3. List of appendices"]
    assert "2. Performance and trends" in cdsa.sections.get(position=1).body
    chair = _item(meeting, "5").papers.get()
    assert chair.title == "Safer Neighbourhood Chair's Report" and chair.security == "restricted"
    cover = _item(meeting, "6").papers.get()
    assert cover.title == "Subgroup update reports" and cover.security == "unrestricted"

    notes = _item(meeting, "5(i)").papers.get()
    assert (notes.appendix_label, notes.security) == ("Appendix A", "unrestricted")
    headings = [s.heading for s in notes.sections.all()]
    assert "Police Update - Jane Scotchbrook" in headings
    policing = notes.sections.get(heading__startswith="Neighbourhood policing")
    assert "- Gascoigne Ward – investigation on gun crime" in policing.body
    assert "Q: How many police vehicle" in policing.body

    closed = _item(meeting, "5(ii)").papers.get()
    assert closed.appendix_label == "Appendix B" and closed.security == "unrestricted"
    members = closed.sections.get(heading="MEMBERSHIP LIST")
    assert members.kind == PaperSection.Kind.TABLE
    assert members.rows[0] == ["Name", "Post Title", "Agency"]
    assert ["Louise Choppy", "Victim Support", "Victim Support"] in members.rows
    assert closed.sections.get(heading="AGENDA ITEMS").kind == PaperSection.Kind.TABLE
    assert "Stepping in for Insp. Tim Barfoot" in closed.sections.get(
        heading="Safer Neighbourhood Board – Closed Meeting").body
    assert not Paper.objects.filter(security="restricted", exempt_paragraph__isnull=True).exists()


def test_the_13_december_minutes_and_attendance(loaded):
    meeting = _csp(dt.date(2017, 12, 13))
    assert meeting.start == dt.datetime(2017, 12, 13, 13, 0, tzinfo=LONDON)
    assert meeting.status == Meeting.Status.HELD
    assert meeting.chaired_by.name == "Anne Bristow"
    assert meeting.minute_taker.name == "Heather McDonald"
    items = list(meeting.agenda_items.order_by("position"))
    assert len(items) == 14
    assert Minute.objects.filter(agenda_item__meeting=meeting).count() == 14
    assert items[9].title == "CSP Membership and Terms of Reference (ToR)"
    cdsa = items[3].minute
    assert cdsa.text.count("ACTION:") == 4
    assert "The board agreed that the June meeting would review CSP process" in cdsa.text
    # The seed's minutes record no separate decisions; none are invented.
    assert not Minute.objects.filter(agenda_item__meeting=meeting).exclude(decisions="").exists()
    assert not Minute.objects.filter(text__contains="<p>").exists()
    # A sentence split by a page break in the seed is one paragraph again.
    assert "responsible for the actions, this will allow" in items[5].minute.text

    present = meeting.attendances.filter(status=Attendance.Status.PRESENT)
    assert present.count() == 14
    assert meeting.attendances.filter(status=Attendance.Status.APOLOGIES).count() == 8
    assert present.get(person__name="Anne Bristow").note == "Chair"
    # Names as these minutes spell them, kept beside the person record.
    spelled = {a.person.name: a.name_as_minuted for a in meeting.attendances.all()}
    assert spelled["Daniel James"] == "Dan James"
    assert spelled["Jonathon Toy"] == "Jonathan Toy"
    assert spelled["Steve Thompson"] == "Stephen Thompson"
    assert spelled["Anne Bristow"] == ""
    # "Jonathan Toy" and "Stephen Thompson" in the minutes are the notice's people.
    assert present.filter(person__name__in=["Jonathon Toy", "Steve Thompson"]).count() == 2


def test_one_person_per_member_whatever_the_spelling(loaded):
    variants = ["Jonathan Toy", "Stephen Thompson", "Katherine Gilcrest", "Neil Mathews",
                "Inspector Barfoot", "Dan James", "Councillor Butt"]
    assert not Person.objects.filter(name__in=variants).exists()
    toy = Person.objects.get(name="Jonathon Toy")
    assert (toy.post_title, toy.organisation.short_name) == ("Director of Enforcement", "LBBD")
    assert toy.attendances.count() == 3  # 13 Dec CSP, SNB 23 Nov 2017 and 15 Feb 2018
    assert Person.objects.get(name="Greg Tillett").organisation.name == "National Probation Service"


def test_memberships_follow_the_notice_and_the_snb_list(loaded):
    csp = Membership.objects.filter(board__slug="bd-csp")
    chairs = {m.person.name: (m.start_date, m.end_date) for m in csp.filter(role="chair")}
    assert chairs == {"Fiona Taylor": (None, None), "Anne Bristow": (None, dt.date(2017, 12, 13))}
    assert csp.filter(role="member").count() == 14
    clerk = csp.get(role="clerk")
    assert (clerk.person.name, clerk.title_on_board) == (
        "Jade Hodgson", "Partnership Boards Business Manager")
    assert csp.get(role="minute_taker").person.name == "Heather McDonald"
    snb = Membership.objects.filter(board__slug="safer-neighbourhood-board")
    assert snb.get(person__name="Steve Thompson").title_on_board == "SNB Chair"
    assert snb.get(person__name="Jane Scotchbrook").title_on_board == "Detective Superintendent"
    assert Membership.objects.get(board__slug="vawg").person.name == "Melody Williams"
    assert Board.objects.get(slug="vawg").parent.slug == "bd-csp"


def test_john_cooze_stepped_in_for_tim_barfoot(loaded):
    meeting = _meeting("safer-neighbourhood-board", dt.date(2017, 11, 23))
    cooze = meeting.attendances.get(person__name="John Cooze")
    assert cooze.status == Attendance.Status.IN_ATTENDANCE
    assert cooze.substituting_for.name == "Tim Barfoot"
    barfoot = meeting.attendances.get(person__name="Tim Barfoot")
    assert barfoot.status == Attendance.Status.APOLOGIES


def test_the_action_log(loaded):
    actions = list(Action.objects.filter(board__slug="bd-csp").order_by("number"))
    assert [a.number for a in actions] == list(range(1, 11))
    assert {a.number: a.rag_status for a in actions if a.rag_status != "R"} == {3: "A"}
    assert [a.number for a in actions if a.target_date_tbc] == [5]
    assert all(a.status == "open" for a in actions)
    five = actions[4]
    assert five.target_date is None and five.target_display == "Date TBC"
    leads = set(five.lead_people.values_list("name", flat=True))
    assert leads == {"Tim Barfoot", "Jane Scotchbrook"}
    assert five.raised_under.title == "Sub-group Updates"
    assert actions[0].target_date == dt.date(2018, 2, 28)
    assert actions[0].raised_at.start.astimezone(LONDON).date() == dt.date(2017, 9, 12)
    assert actions[0].raised_under is None
    assert actions[3].lead_people.count() == 3 and actions[3].comments == "Reviewed CDSA"
    assert actions[6].target_date == dt.date(2018, 6, 1)


def test_subgroup_reports(loaded):
    meeting = _csp(dt.date(2018, 3, 28))
    reports = {r.subgroup.slug: r for r in meeting.subgroup_reports.all()}
    assert sorted(r.status for r in reports.values()) == ["submitted"] * 4 + ["verbal"]
    for slug, label in [("safer-borough-board", "6(i)"), ("vawg", "6(ii)"),
                        ("children-young-people", "6(iii)"), ("managing-offenders", "6(iv)"),
                        ("hate-intolerance-extremism", "6(v)")]:
        assert reports[slug].agenda_item == _item(meeting, label)
    vawg = reports["vawg"]
    assert vawg.security == "unrestricted" and vawg.author_person.name == "Hazel North Stephens"
    assert "1.10 Members of the VAWG sub group" in vawg.brief_update
    assert "  - (d) Ensure that agencies work together" in vawg.brief_update
    assert vawg.support_required.endswith("v) Any Board members that may have relevant data")
    offenders = reports["managing-offenders"]
    assert (offenders.security, offenders.exempt_paragraph) == ("restricted", 7)
    verbal = reports["hate-intolerance-extremism"]
    assert (verbal.brief_update, verbal.key_challenges, verbal.support_required) == ("", "", "")


def test_forward_plan_rows_per_meeting(loaded):
    rows = ForwardPlanItem.objects.filter(board__slug="bd-csp")
    per_meeting = {}
    for row in rows:
        day = row.meeting.start.astimezone(LONDON).date()
        per_meeting[day] = per_meeting.get(day, 0) + 1
    assert per_meeting == {
        dt.date(2017, 9, 12): 6, dt.date(2017, 12, 13): 9, dt.date(2018, 3, 28): 7,
        dt.date(2018, 6, 27): 7, dt.date(2018, 9, 26): 4, dt.date(2018, 12, 19): 4,
    }
    # The seed's one "Break" row, between Performance and the strategic assessment.
    breaks = rows.filter(is_break=True)
    assert [(b.meeting.start.astimezone(LONDON).date(), b.position) for b in breaks] == [
        (dt.date(2018, 3, 28), 6)]
    pspo = rows.get(title="PSPO – Heathway")
    assert (pspo.presenter, pspo.reason, pspo.comments) == (
        "Katherine Gilcrest", "discussion", "15 minutes")
    assert rows.filter(status="received").count() == 15
    assert rows.filter(is_standing=True).count() == rows.filter(comments="Standing item").count()
    june = _csp(dt.date(2018, 6, 27))
    assert june.start == dt.datetime(2018, 6, 27, 10, 0, tzinfo=LONDON)
    assert june.publication_date == dt.date(2018, 6, 20)
    march = _csp(dt.date(2018, 3, 28))
    assert (march.publication_date, march.planned_publication_date) == (
        dt.date(2018, 3, 20), dt.date(2018, 3, 21))


def test_the_2014_17_plan_with_its_priorities_and_objectives_numbered_as_printed(loaded):
    plan = Plan.objects.get(board__slug="bd-csp")
    assert plan.title == "Community Safety Plan 2014 – 2017"
    assert plan.period_label == "2014/15 to 2016/17" and plan.is_public
    assert plan.approved_by.slug == "bd-csp" and plan.approved_on is None
    top = list(plan.priorities.filter(parent=None).order_by("position"))
    assert [(p.code, p.title) for p in top] == [
        ("1", "Integrated Offender Management"), ("2", "Integrated Victim Management"),
        ("3", "Improve Confidence"),
    ]
    assert [list(p.objectives.values_list("code", flat=True)) for p in top] == [
        ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"],
        ["2.1", "2.2", "2.3", "2.4", "2.5"],
        ["3.1", "3.2", "3.3", "3.4"],
    ]
    assert top[0].description.startswith("To deliver a robust Integrated Offender Management")
    fire = plan.priorities.get(code="2.1")
    assert "by between 14% and 26% by 2016." in fire.success_measures
    assert "- Challenge the perpetrators of Anti-Social Behaviour" in (
        plan.priorities.get(code="1.2").description)


def test_the_demo_actions_and_indicators_are_linked_to_the_plan(loaded):
    def codes(obj):
        return sorted(obj.priorities.values_list("code", flat=True))

    actions = {a.number: a for a in Action.objects.filter(board__slug="bd-csp")}
    assert codes(actions[7]) == ["1.4"] and codes(actions[2]) == []
    indicators = {i.reference: i for i in Indicator.objects.filter(board__slug="bd-csp")}
    assert codes(indicators["5"]) == ["1.8", "2.1"] and codes(indicators["2"]) == ["1"]
    assert all(codes(i) for i in indicators.values())


def test_loading_twice_changes_nothing(loaded):
    before = _snapshot()
    assert load_demo() == loaded
    assert _snapshot() == before
    assert before["csp_portal.AuditEntry"] == []


def test_loading_again_resets_the_demo_to_the_yaml(loaded):
    action = Action.objects.get(board__slug="bd-csp", number=5)
    action.lead_people.clear()
    action.rag_status = "G"
    action.save()
    meeting = _csp(dt.date(2018, 3, 28))
    AgendaItem.objects.create(meeting=meeting, position=12, title="Extra item")
    Attendance.objects.create(meeting=meeting, person=Person.objects.get(name="Fiona Taylor"),
                              status=Attendance.Status.PRESENT)
    load_demo()
    action.refresh_from_db()
    assert action.rag_status == "R" and action.lead_people.count() == 2
    assert meeting.agenda_items.filter(parent=None).count() == 11
    assert not meeting.attendances.exists()


BAD_ENTRIES = [
    ("actions.yaml", "leads: [Penny Pyke]", "leads: [Penny Pike]",
     r"actions\.yaml: actions\[8\] \(number 9\) leads: unknown person 'Penny Pike'"),
    ("meeting_2018_03_28.yaml", 'security: "[UNPROTECTED]"', 'security: "[SECRET]"',
     r"meeting_2018_03_28\.yaml: meetings\[0\] .*\(Subgroup update reports\): unknown security"),
    ("subgroup_reports.yaml", "    exempt_paragraph: 7  # clerk's classification, not the seed's\n",
     "", r"subgroup_reports\.yaml: reports\[0\] \(safer-borough-board\): a restricted paper needs"),
    ("forward_plan.yaml", "reason: presentation", "reason: show",
     r"forward_plan\.yaml: forward_plan\[1\] items\[7\]: 'show' is not one of"),
    ("boards.yaml", "kind: subgroup", "kind: subgroup\n    colour: red",
     r"boards\.yaml: boards\[2\] \(safer-borough-board\): unknown field\(s\) colour"),
    ("plan_2014_17.yaml", '7: ["1.4"]', '7: ["1.9"]',
     r"plan_2014_17\.yaml: plans\[0\] \(Community Safety Plan 2014 – 2017\) links actions 7: "
     r"the plan has no priority or objective '1\.9'"),
]


@pytest.mark.parametrize(("filename", "old", "new", "message"), BAD_ENTRIES)
def test_a_bad_entry_names_file_and_entry_and_changes_nothing(
    loaded, tmp_path, filename, old, new, message
):
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    # An earlier file's change that must be rolled back with the rest.
    people = tmp_path / "people.yaml"
    people.write_text(people.read_text().replace(
        "post_title: Partnership Boards Business Manager", "post_title: Changed"))
    target = tmp_path / filename
    content = target.read_text()
    assert old in content
    target.write_text(content.replace(old, new, 1))
    before = _snapshot()
    with pytest.raises(DemoDataError, match=message):
        load_demo(data_dir=tmp_path)
    assert _snapshot() == before
    clerk = Person.objects.get(name="Jade Hodgson")
    assert clerk.post_title == "Partnership Boards Business Manager"


def test_the_command_prints_a_one_line_summary():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Demo data loaded: ")
    assert "10 actions" in lines[0] and "14 minutes" in lines[0]


def test_the_command_reports_bad_data_as_a_command_error(tmp_path, monkeypatch):
    (tmp_path / "people.yaml").write_text("people:\n  - name: A\n    hat: blue\n")
    monkeypatch.setattr(demo_loader, "DATA_DIR", tmp_path)
    with pytest.raises(CommandError, match=r"people\.yaml: people\[0\] \(A\): unknown field"):
        call_command("load_demo")
    assert not Person.objects.exists()
