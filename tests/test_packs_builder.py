"""The agenda pack PDF: structure, page references, editions (boards.packs)."""
import datetime as dt
import io
import re
import subprocess
import sys
import tempfile
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from boards.models import Membership
from boards.packs import build_agenda_pack, format_page_reference
from csp_portal import pdf
from tests import factories as f

BLANK = "This page is intentionally left blank"
LONG_TEXT = "\n\n".join(
    ["The partnership reviewed the delivery plan and agreed the next steps for each priority. " * 7]
    * 14
)
CANARY_PAPER = "CANARY-PAPER-7f3a"
CANARY_ITEM = "CANARY-ITEM-91bd"
CANARY_SUBGROUP = "CANARY-SUBGROUP-c40e"
CANARY_MINUTE = "CANARY-MINUTE-5d21"
CANARY_ACTION = "CANARY-ACTION-e88c"


def aware(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def make_pack_meeting() -> SimpleNamespace:
    """A board, its previous meeting (minutes, actions) and a meeting with every kind of item."""
    board = f.BoardFactory(name="Community Safety Partnership", short_name="CSP", slug="csp-test")
    clerk = f.PersonFactory(
        name="Jade Hodgson", post_title="Partnership Boards Business Manager",
        phone="020 8227 5784", email="jade.hodgson@example.org",
    )
    f.MembershipFactory(
        board=board, person=f.PersonFactory(name="Fiona Taylor"), role=Membership.Role.CHAIR
    )
    for name in ("Rita Chadha", "Matthew Cole", "Sean Wilson"):
        f.MembershipFactory(board=board, person=f.PersonFactory(name=name))
    f.MembershipFactory(
        board=board, person=f.PersonFactory(name="Former Member"),
        end_date=dt.date(2017, 1, 1),
    )

    prev = f.MeetingFactory(board=board, start=aware(2017, 12, 13, 13), venue="Conference Room")
    f.AttendanceFactory(meeting=prev, person=f.PersonFactory(name="Anne Bristow"), note="Chair")
    f.AttendanceFactory(
        meeting=prev, person=f.PersonFactory(name="Greg Tillett"), status="apologies"
    )
    prev_item = f.AgendaItemFactory(meeting=prev, position=1, title="Restore: London Presentation")
    f.MinuteFactory(agenda_item=prev_item, text="The board noted the presentation.\n\n"
                    "ACTION: Restorative Justice to work with YOS.")
    prev_closed = f.AgendaItemFactory(
        meeting=prev, position=2, title="Closed discussion", is_restricted=True, exempt_paragraph=1
    )
    f.MinuteFactory(agenda_item=prev_closed, text=f"Named individual {CANARY_MINUTE}.")
    open_action = f.ActionFactory(
        raised_at=prev, raised_under=prev_item, number=1, rag_status="R",
        description="Write protocol on HMOs", comments="Met with StreetWatch",
    )
    f.ActionFactory(raised_at=prev, number=2, description="Closed action text", status="closed")
    f.ActionFactory(
        raised_at=prev, raised_under=prev_closed, number=3, description=CANARY_ACTION
    )

    meeting = f.MeetingFactory(
        board=board, start=aware(2018, 3, 28, 10), end=aware(2018, 3, 28, 13),
        publication_date=dt.date(2018, 3, 20), contact_officer=clerk,
        venue="Conference Centre, Barking Learning Centre",
    )
    f.ActionFactory(raised_at=meeting, number=4, description="Raised at this meeting")
    item = f.AgendaItemFactory
    item(meeting=meeting, position=1, title="Introductions and Apologies for Absence")
    minutes = item(meeting=meeting, position=2, title="Minutes and Action Log",
                   pack_content="minutes_and_action_log")
    item(meeting=meeting, position=3, title="CSP Chairs Report", is_verbal=True)
    reports = item(meeting=meeting, position=4, title="Reports", presenter="Jonathon Toy")
    long_paper = f.PaperFactory(agenda_item=reports, title="Delivery Plan Report", position=1)
    f.PaperSectionFactory(paper=long_paper, position=1, body=LONG_TEXT)
    f.PaperSectionFactory(
        paper=long_paper, position=2, heading="2. Figures", kind="table", body="",
        rows=[["Measure", "Value"], ["Burglary", "1319"]],
    )
    restricted_paper = f.PaperFactory(
        agenda_item=reports, title="Strategic Assessment", position=2,
        security="restricted", exempt_paragraph=7,
    )
    f.PaperSectionFactory(paper=restricted_paper, position=1, body=f"Analysis {CANARY_PAPER}.")
    updates = item(meeting=meeting, position=5, title="Subgroup Updates")
    sbb = item(meeting=meeting, parent=updates, position=1, title="Safer Borough Board")
    vawg = item(meeting=meeting, parent=updates, position=2, title="VAWG")
    hate = item(
        meeting=meeting, parent=updates, position=3, title="Hate, Intolerance and Extremism"
    )
    f.SubgroupReportFactory(
        meeting=meeting, agenda_item=sbb, subgroup=f.SubgroupFactory(parent=board, name="SBB"),
        security="restricted", exempt_paragraph=7, brief_update=f"Met twice {CANARY_SUBGROUP}.",
    )
    f.SubgroupReportFactory(
        meeting=meeting, agenda_item=vawg, subgroup=f.SubgroupFactory(parent=board, name="VAWG"),
        title="VAWG Subgroup Update",
    )
    f.SubgroupReportFactory(
        meeting=meeting, agenda_item=hate, status="verbal",
        subgroup=f.SubgroupFactory(parent=board, name="Hate"),
    )
    closed = item(meeting=meeting, position=6, title="Closed Case Review",
                  is_restricted=True, exempt_paragraph=1, description=f"About {CANARY_ITEM}")
    closed_paper = f.PaperFactory(agenda_item=closed, title="Case Review Report")
    f.PaperSectionFactory(paper=closed_paper, position=1, body=f"Details {CANARY_ITEM}.")
    plan = item(meeting=meeting, position=7, title="Forward Plan", pack_content="forward_plan")
    f.ForwardPlanItemFactory(meeting=meeting, title="Performance", presenter="Dan James")
    later = f.MeetingFactory(board=board, start=aware(2018, 6, 27, 10))
    f.ForwardPlanItemFactory(meeting=later, title="Community Safety Plan refresh")
    item(meeting=meeting, position=8, title="AOB")
    return SimpleNamespace(
        board=board, meeting=meeting, previous=prev, minutes=minutes, reports=reports,
        updates=updates, sbb=sbb, vawg=vawg, hate=hate, closed=closed, plan=plan,
        long_paper=long_paper, restricted_paper=restricted_paper, open_action=open_action,
    )


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def footer_number(text: str) -> int | None:
    found = re.findall(r"^Page (\d+)\s*$", text, re.M)
    return int(found[-1]) if found else None


def agenda_reference(front_text: str, title: str) -> tuple[int, int] | None:
    """The (first, last) page reference printed after ``title`` in the agenda."""
    flat = " ".join(front_text.split())
    match = re.search(
        re.escape(title) + r"(?: \(Verbal\))? \(Pages? (\d+)(?: - (\d+))?\)", flat
    )
    if not match:
        return None
    first = int(match[1])
    return first, int(match[2] or first)


def body_page_with(texts: list[str], front_pages: int, needle: str) -> int:
    """Footer number of the first body page whose text contains ``needle``."""
    for text in texts[front_pages:]:
        if needle in " ".join(text.split()):
            return footer_number(text)
    raise AssertionError(f"{needle!r} not found in the body")


@pytest.fixture
def data(db):
    return make_pack_meeting()


@pytest.fixture
def members_pack(data):
    return build_agenda_pack(meeting=data.meeting, edition="members")


@pytest.fixture
def public_pack(data):
    return build_agenda_pack(meeting=data.meeting, edition="public")


def test_format_page_reference():
    assert format_page_reference(11, 11) == "(Page 11)"
    assert format_page_reference(1, 9) == "(Pages 1 - 9)"


@pytest.mark.parametrize("edition", ["public", "members"])
def test_front_matter_is_even_and_unnumbered_and_body_numbered_from_one(data, edition):
    build = build_agenda_pack(meeting=data.meeting, edition=edition)
    texts = page_texts(build.pdf)
    assert len(texts) == build.page_count == build.front_pages + build.body_pages
    assert build.front_pages % 2 == 0
    assert all(footer_number(t) is None for t in texts[: build.front_pages])
    assert [footer_number(t) for t in texts[build.front_pages:]] == list(
        range(1, build.body_pages + 1)
    )
    front = " ".join(" ".join(texts[: build.front_pages]).split())
    assert "Notice of Meeting" in front and "AGENDA" in front
    if build.front_pages > 2:
        assert BLANK in texts[build.front_pages - 1]


def test_notice_of_meeting(members_pack):
    front = " ".join(" ".join(page_texts(members_pack.pdf)[: members_pack.front_pages]).split())
    assert "COMMUNITY SAFETY PARTNERSHIP" in front
    assert "Wednesday, 28 March 2018 - 10:00 am - 1:00 pm" in front
    assert "Conference Centre, Barking Learning Centre" in front
    assert "Fiona Taylor (Chair); Rita Chadha, Matthew Cole and Sean Wilson" in front  # by surname
    assert "Former Member" not in front
    assert "Date of publication: 20 March 2018" in front
    assert "Jade Hodgson" in front and "020 8227 5784" in front
    assert "jade.hodgson@example.org" in front


@pytest.mark.parametrize("edition", ["public", "members"])
def test_agenda_page_references_match_footers(data, edition):
    build = build_agenda_pack(meeting=data.meeting, edition=edition)
    texts = page_texts(build.pdf)
    front = " ".join(texts[: build.front_pages])
    # item title -> text of the first thing it prints in the body
    first_titles = {
        "Minutes and Action Log": "Community Safety Partnership Minutes",
        "Reports": "Delivery Plan Report",
        "Subgroup Updates": "SBB Subgroup Update" if edition == "members" else "SBB Subgroup",
        "VAWG": "VAWG Subgroup Update",
        "Closed Case Review": "Closed Case Review" if edition == "public" else "Case Review Report",
        "Forward Plan": "Community Safety Partnership Forward Plan",
    }
    for title, first_text in first_titles.items():
        ref = agenda_reference(front, title)
        assert ref is not None, title
        assert ref[0] == body_page_with(texts, build.front_pages, first_text), title
        assert ref[0] % 2 == 1, f"{title} should start on a right-hand page"
        item_pk = {
            "Minutes and Action Log": data.minutes, "Reports": data.reports,
            "Subgroup Updates": data.updates, "VAWG": data.vawg, "Closed Case Review": data.closed,
            "Forward Plan": data.plan,
        }[title].pk
        assert build.page_references[str(item_pk)] == list(ref)
    for title in ("Introductions and Apologies for Absence", "AOB"):
        assert agenda_reference(front, title) is None


def test_last_page_reference_is_the_last_page_with_content(members_pack, data):
    texts = page_texts(members_pack.pdf)
    body = texts[members_pack.front_pages:]
    first, last = members_pack.page_references[str(data.reports.pk)]
    assert last > first
    assert BLANK not in body[last - 1]
    assert "Strategic Assessment" in body[last - 1]
    # The minutes item spans the minutes and the action log after its blank filler.
    first, last = members_pack.page_references[str(data.minutes.pk)]
    assert "Action Log" in body[last - 1]


def test_every_document_starts_on_a_right_hand_page_with_blank_fillers(members_pack):
    texts = page_texts(members_pack.pdf)
    body = texts[members_pack.front_pages:]
    for title in ("Minutes", "Action Log", "Delivery Plan Report", "Strategic Assessment",
                  "SBB Subgroup Update", "VAWG Subgroup Update", "Case Review Report",
                  "Forward Plan"):
        number = body_page_with(texts, members_pack.front_pages, title)
        assert number % 2 == 1, title
    fillers = [n for n, text in enumerate(body, start=1) if BLANK in text]
    assert fillers, "expected blank backs of sheets"
    for number in fillers:
        assert number % 2 == 0
        lines = [ln for ln in body[number - 1].splitlines() if ln.strip()]
        assert set(lines) <= {BLANK, f"Page {number}"}


def test_verbal_items_and_verbal_subgroup_reports_are_marked(members_pack):
    front = " ".join(" ".join(page_texts(members_pack.pdf)[: members_pack.front_pages]).split())
    assert "CSP Chairs Report (Verbal)" in front
    assert "Hate, Intolerance and Extremism (Verbal)" in front
    assert "VAWG (Verbal)" not in front


def test_public_edition_leaves_restricted_content_out(public_pack, data):
    text = " ".join(" ".join(page_texts(public_pack.pdf)).split())
    for canary in (CANARY_PAPER, CANARY_ITEM, CANARY_SUBGROUP, CANARY_MINUTE, CANARY_ACTION):
        assert canary not in text
    assert "NOT FOR PUBLICATION" not in text
    assert "Case Review Report" not in text  # a restricted item's paper titles stay out too
    assert "Strategic Assessment Exempt – paragraph 7" in text
    assert "Closed Case Review Exempt – paragraph 1" in text
    assert "Information relating to the prevention, investigation or prosecution of crime" in text
    assert "Delivery Plan Report" in text and "Write protocol on HMOs" in text


def test_members_edition_has_everything_marked_not_for_publication(members_pack):
    texts = page_texts(members_pack.pdf)
    text = " ".join(" ".join(texts).split())
    for canary in (CANARY_PAPER, CANARY_ITEM, CANARY_SUBGROUP, CANARY_MINUTE, CANARY_ACTION):
        assert canary in text
    body = texts[members_pack.front_pages:]
    for needle in (CANARY_PAPER, CANARY_ITEM, CANARY_SUBGROUP):
        page = next(t for t in body if needle in t)
        assert "NOT FOR PUBLICATION" in page
        assert "Exempt – paragraph" in " ".join(page.split())
    unrestricted = next(t for t in body if "Delivery Plan Report" in t)
    assert "NOT FOR PUBLICATION" not in unrestricted


def test_minutes_and_action_log_content(members_pack):
    text = " ".join(" ".join(page_texts(members_pack.pdf)).split())
    assert "Present: Anne Bristow (Chair)" in text
    assert "Apologies: Greg Tillett" in text
    assert "The board noted the presentation." in text
    assert "Write protocol on HMOs" in text and "Met with StreetWatch" in text
    assert "13 December 2017" in text and "13 March 2018" in text and "Red" in text
    assert "Closed action text" not in text
    assert "Raised at this meeting" not in text
    # The action raised under the minute prints under it.
    minute = text[text.index("The board noted the presentation."):]
    assert minute.index("Write protocol on HMOs ACTION: ") < minute.index("Action Log")
    assert "– 13 March 2018" in minute[:minute.index("Action Log")]


def test_forward_plan_groups_items_by_meeting(members_pack):
    text = " ".join(" ".join(page_texts(members_pack.pdf)).split())
    assert "Wednesday 28 March 2018 Tuesday 20 March 2018" in text
    assert text.index("Performance Dan James") < text.index("Community Safety Plan refresh")
    assert "Wednesday 27 June 2018" in text


def test_pdf_has_title_language_and_tags(members_pack):
    reader = PdfReader(io.BytesIO(members_pack.pdf))
    assert reader.metadata.title == members_pack.title
    assert "28 March 2018" in members_pack.title
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] in (True, "true")


def test_uploaded_pdf_paper_gets_reserved_numbered_pages(data):
    upload = pdf.write_pdf([pdf.render_html(html=(
        '<html lang="en-GB"><title>Upload</title><body>'
        + "".join(f'<p style="break-before: page">UPLOADED-PAGE-{n}</p>' for n in (1, 2, 3))
        + "</body></html>"
    ))])
    paper = f.PaperFactory(agenda_item=data.plan, title="Scanned Strategy", position=1)
    paper.uploaded_pdf.save("strategy.pdf", ContentFile(upload))
    build = build_agenda_pack(meeting=data.meeting, edition="public")
    texts = page_texts(build.pdf)
    numbers = [body_page_with(texts, build.front_pages, f"UPLOADED-PAGE-{n}") for n in (1, 2, 3)]
    assert numbers[1] == numbers[0] + 1 and numbers[2] == numbers[0] + 2
    assert numbers[0] % 2 == 1
    assert build.page_references[str(data.plan.pk)][1] == numbers[2]
    root = PdfReader(io.BytesIO(build.pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en-GB"
    # The uploaded pages are drawn as artifacts (README: uploaded PDF papers), so the pack
    # still passes the PDF/UA check with them in it.
    reader = PdfReader(io.BytesIO(build.pdf))
    stamped = reader.pages[build.front_pages + numbers[0] - 1].get_contents().get_data()
    assert b"/Artifact BMC" in stamped
    assert pdfua_findings(build.pdf) == 0


def pdfua_findings(data: bytes) -> int:
    """Exit status of ``pdfua check`` on ``data``: 0 when it finds nothing."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run([sys.executable, "-m", "pdfua", "check", handle.name],
                                capture_output=True, text=True, check=False)
    return result.returncode


def test_meeting_without_papers_is_just_the_front_matter(db):
    meeting = f.MeetingFactory()
    f.AgendaItemFactory(meeting=meeting, position=1, title="Any other business")
    build = build_agenda_pack(meeting=meeting, edition="public")
    assert build.body_pages == 0 and build.page_references == {}
    assert build.page_count == build.front_pages and build.front_pages % 2 == 0
    text = " ".join(" ".join(page_texts(build.pdf)).split())
    assert "Any other business" in text
    assert text.startswith("Public Document Pack")
    # Nothing exempt: no edition banner about exempt information, no Part 2.
    assert "exempt" not in text.casefold() and "Part 2" not in text


def test_part_two_holds_restricted_items_after_the_resolution(members_pack, public_pack):
    for build in (members_pack, public_pack):
        front = " ".join(" ".join(page_texts(build.pdf)[: build.front_pages]).split())
        part_two = front[front.index("Part 2: exempt business"):]
        assert "exempt information as defined in paragraphs 1 and 7 of Part 1 of Schedule 12A" in (
            part_two)
        assert "1. Information relating to any individual." in part_two
        # The restricted item keeps its number as entered, after the resolution.
        assert re.search(r"6\. Closed Case Review \(Pages? \d+", part_two)
        assert "Item 4: Strategic Assessment (exempt – paragraph 7)" in part_two
        assert "AOB" not in part_two


def test_unreadable_upload_fails_with_the_paper_named(data):
    from boards.packs import PackBuildError

    paper = f.PaperFactory(agenda_item=data.plan, title="Broken Upload")
    paper.uploaded_pdf.save("broken.pdf", ContentFile(b"not a pdf"))
    with pytest.raises(PackBuildError, match="Broken Upload"):
        build_agenda_pack(meeting=data.meeting, edition="members")


def test_performance_report_is_included(data):
    f.PerformanceReportFactory(
        board=data.board, agenda_item=data.reports, title="Quarterly Performance Report"
    )
    build = build_agenda_pack(meeting=data.meeting, edition="members")
    texts = page_texts(build.pdf)
    number = body_page_with(texts, build.front_pages, "Quarterly Performance Report")
    assert number % 2 == 1
    assert build.page_references[str(data.reports.pk)][1] >= number


def test_performance_report_prints_the_pages_of_its_one_page_summaries(data):
    subgroup = f.SubgroupFactory(parent=data.board, name="Safer Borough Board")
    names = []
    for n in range(3):
        indicator = f.IndicatorFactory(
            board=data.board, owning_subgroup=subgroup, reference=str(n + 1),
            name=f"Burglary measure {n}",
        )
        names.append(indicator.name)
        for year in (2016, 2017):
            for month in range(4, 13):
                f.IndicatorReturnFactory(
                    indicator=indicator, period=dt.date(year, month, 1), value=90 + n + month
                )
    f.PerformanceReportFactory(
        board=data.board, agenda_item=data.reports, as_at=dt.date(2017, 12, 1),
        title="Quarterly Performance Report",
    )
    build = build_agenda_pack(meeting=data.meeting, edition="public")
    texts = [" ".join(t.split()) for t in page_texts(build.pdf)]
    body = texts[build.front_pages:]
    table = next(t for t in body if "One-page summary" in t and names[0] in t)
    for n, name in enumerate(names):
        # The page of the one-page summary, found by its "<ref> · <subgroup>" kicker.
        page = next(i for i, t in enumerate(body, 1) if f"{n + 1} · Safer Borough Board" in t)
        # The executive summary above the table names the indicators too: take the table's row.
        row = table.rsplit(name, 1)[1]
        row = row.split(names[n + 1], 1)[0] if n + 1 < len(names) else row
        assert str(page) in row.split(), (name, page, row)


def test_restricted_performance_report_is_exempt_in_public(data):
    f.PerformanceReportFactory(
        board=data.board, agenda_item=data.reports, title="Restricted Performance",
        security="restricted", exempt_paragraph=7, introduction="CANARY-PERF-0a1b",
    )
    text = " ".join(" ".join(page_texts(
        build_agenda_pack(meeting=data.meeting, edition="public").pdf)).split())
    assert "Restricted Performance Exempt – paragraph 7" in text
    assert "CANARY-PERF-0a1b" not in text
