"""indicators:executive_summary_edit: drafted from the ratings, edited, approved; only approved
text prints. Also: what the report keeps off paper stays on the web pages."""
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from boards.models import Membership
from csp_portal.models import AuditEntry
from indicators.demo import load_demo_indicators
from indicators.models import PerformanceReport
from indicators.report.context import performance_report_context
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.test_indicators_demo import create_demo_boards

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    board = create_demo_boards()
    load_demo_indicators()
    report = PerformanceReport.objects.get(board=board)
    users = {}
    for role in (Membership.Role.OFFICER, Membership.Role.CHAIR):
        users[role] = UserFactory()
        MembershipFactory(board=board, person=PersonFactory(user=users[role]), role=role)
    url = reverse("indicators:executive_summary_edit",
                  kwargs={"slug": board.slug, "report_pk": report.pk})
    return board, report, users, url


def _printed(report) -> str:
    context = performance_report_context(report=report, charts=False)
    return render_to_string("indicators/pdf/performance_report.html", context)


def test_demo_report_prints_its_approved_summary(setup):
    _board, report, _users, _url = setup
    assert report.executive_summary_approved_at is not None
    html = _printed(report)
    assert "Knife crime is up 57% (up 103 offences)" in html
    assert "Arson Incidents: 145 so far" not in html  # the draft's line is not printed


def test_analyst_edits_the_summary_and_only_approval_makes_it_print(client, setup):
    _board, report, users, url = setup
    client.force_login(users[Membership.Role.OFFICER])
    page = client.get(url).content.decode()
    assert "Knife crime is up 57%" in page  # the current text, to edit
    assert "Arson Incidents: 145 so far this year" in page  # the draft from the ratings
    assert "Save and approve" not in page  # an officer may not approve

    text = "Good performance\n- Criminal Damage is down 5.1% (down 81 offences)."
    assert client.post(url, {"text": text, "save": ""}).status_code == 302
    report.refresh_from_db()
    assert report.executive_summary == text and report.executive_summary_approved_at is None
    html = _printed(report)
    assert "Criminal Damage is down 5.1% (down 81 offences)." in html
    assert "Arson Incidents: 145 so far" in html  # unapproved: the draft from the ratings prints
    assert client.post(url, {"text": text, "approve": ""}).status_code == 403

    client.force_login(users[Membership.Role.CHAIR])
    assert client.post(url, {"text": text, "approve": ""}).status_code == 302
    report.refresh_from_db()
    assert report.executive_summary_approved_at is not None
    html = _printed(report)
    assert "Arson Incidents: 145 so far" not in html and "Good performance" in html
    actions = list(AuditEntry.objects.filter(object_id=str(report.pk)).values_list(
        "action", flat=True))
    assert "performance_report.executive_summary_saved" in actions
    assert "performance_report.executive_summary_approved" in actions


def test_approving_empty_text_is_refused(client, setup):
    _board, report, users, url = setup
    client.force_login(users[Membership.Role.CHAIR])
    response = client.post(url, {"text": "  ", "approve": ""})
    assert response.status_code == 200
    assert "Write the executive summary before approving it" in response.content.decode()
    report.refresh_from_db()
    assert report.executive_summary_approved_at is not None  # unchanged


def test_what_print_leaves_out_stays_on_the_web_pages(client, setup):
    board, _report, users, _url = setup
    client.force_login(users[Membership.Role.CHAIR])
    arson = client.get(reverse("indicators:indicator_summary",
                               kwargs={"slug": board.slug, "reference": "5"}),
                       {"as_at": "2018-01"}).content.decode()
    assert "Note on the figures" in arson and "117" in arson and "145" in arson
    dashboard = client.get(reverse("indicators:dashboard", kwargs={"slug": board.slug}),
                           {"as_at": "2018-01"}).content.decode()
    assert "(overridden)" in dashboard
