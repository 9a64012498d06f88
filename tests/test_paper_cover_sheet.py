"""A paper's council cover sheet: entered on the paper form, printed only when filled on the
paper's page and in the pack (DOMAIN.md: Publication and access rules)."""
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from boards.models import Paper
from boards.packs import build_agenda_pack
from csp_portal.models import AuditEntry
from tests import factories as f
from tests.publishing_helpers import clerk_and_meeting, paper_post

pytestmark = pytest.mark.django_db

COVER = {
    "report_of": "Director of Community Safety",
    "originating_officers": "Ann Officer\nBen Analyst",
    "lead_member": "Cllr Sade Bright",
    "wards_affected": "All wards",
    "key_decision": "yes",
    "forward_plan_reference": "FP/17/04",
    "background_papers": "Strategic Assessment 2017",
}


def sign_offs(*rows) -> dict:
    data = {"sign_offs-TOTAL_FORMS": str(len(rows)), "sign_offs-INITIAL_FORMS": "0"}
    for n, (role, name, day) in enumerate(rows):
        d, m, y = day or ("", "", "")
        data.update({f"sign_offs-{n}-role": role, f"sign_offs-{n}-name": name,
                     f"sign_offs-{n}-signed_on_0": d, f"sign_offs-{n}-signed_on_1": m,
                     f"sign_offs-{n}-signed_on_2": y})
    return data


@pytest.fixture
def setup(client):
    board, user, meeting, reports, aob = clerk_and_meeting()
    priority = f.PriorityFactory(plan=f.PlanFactory(board=board), code="P2",
                                 title="Reduce violence against women and girls")
    client.force_login(user)
    url = reverse("boards:paper_add", args=[board.slug, meeting.pk, reports.pk])
    return meeting, reports, priority, url


def post_cover(client, url, priority, **extra):
    data = {**paper_post(), **COVER, "plan_priorities": [str(priority.pk)],
            **sign_offs(("Finance", "Jo Money", ("12", "3", "2018")), ("Legal", "Lee Law", None)),
            **extra}
    return client.post(url, data)


def test_cover_sheet_is_saved_audited_and_shown_again_on_edit(client, setup):
    meeting, _, priority, url = setup
    assert post_cover(client, url, priority).status_code == 302
    paper = Paper.objects.get()
    assert paper.report_of == "Director of Community Safety"
    assert paper.key_decision is True and paper.forward_plan_reference == "FP/17/04"
    assert list(paper.plan_priorities.all()) == [priority]
    assert [(s.role, s.name, s.signed_on and s.signed_on.isoformat())
            for s in paper.sign_offs.all()] == [("Finance", "Jo Money", "2018-03-12"),
                                                ("Legal", "Lee Law", None)]
    entry = AuditEntry.objects.get(action="paper_create", object_id=str(paper.pk))
    assert entry.detail["cover"]["lead_member"] == "Cllr Sade Bright"
    assert entry.detail["sign_offs"][0] == ["Finance", "Jo Money", "2018-03-12"]

    edit = reverse("boards:paper_edit", args=[meeting.board.slug, meeting.pk, paper.pk])
    body = client.get(edit).content.decode()
    assert 'value="Director of Community Safety"' in body and 'value="Jo Money"' in body
    assert 'value="FP/17/04"' in body
    data = {**paper_post(), **COVER, "key_decision": "no", "forward_plan_reference": "",
            **sign_offs(("Legal", "Lee Law", None))}
    assert client.post(edit, data).status_code == 302
    paper.refresh_from_db()
    assert paper.key_decision is False and not paper.plan_priorities.exists()
    assert [s.role for s in paper.sign_offs.all()] == ["Legal"]


def test_bad_cover_sheet_is_reshown_with_what_was_typed(client, setup):
    _, _, priority, url = setup
    response = post_cover(client, url, priority, key_decision="no",
                          **sign_offs(("", "Nameless Role", None)))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter what the sign-off is for" in body
    assert 'value="Nameless Role"' in body and 'value="Director of Community Safety"' in body
    assert not Paper.objects.exists()
    response = post_cover(client, url, priority, key_decision="no")
    assert "A forward plan reference is for a key decision" in response.content.decode()
    assert not Paper.objects.exists()


def test_paper_page_prints_only_the_filled_lines(client, setup):
    meeting, _, priority, url = setup
    post_cover(client, url, priority, lead_member="", wards_affected="")
    paper = Paper.objects.get()
    page = reverse("boards:paper_detail", args=[meeting.board.slug, meeting.pk, paper.pk])
    body = client.get(page).content.decode()
    assert "Director of Community Safety" in body
    assert "Yes (forward plan reference FP/17/04)" in body
    assert "P2 Reduce violence against women and girls" in body
    assert "Jo Money" in body and "12 March 2018" in body
    assert "Lead member" not in body and "Wards affected" not in body


def test_pack_prints_the_cover_sheet_only_when_filled(client, setup):
    meeting, reports, priority, url = setup
    post_cover(client, url, priority)
    plain = f.PaperFactory(agenda_item=reports, title="Plain Paper", position=2)
    f.PaperSectionFactory(paper=plain, body="Plain text.")
    data = build_agenda_pack(meeting=meeting, edition="public").pdf
    pages = [" ".join((p.extract_text() or "").split())
             for p in PdfReader(io.BytesIO(data)).pages]
    cover = next(t for t in pages if "Delivery plan" in t and "Report of" in t)
    for text in ("Report of: Director of Community Safety", "Originating officer(s): Ann Officer",
                 "Lead member: Cllr Sade Bright", "Wards affected: All wards",
                 "Key decision: Yes (forward plan reference FP/17/04)",
                 "Plan priority: P2 Reduce violence against women and girls",
                 "Background papers: Strategic Assessment 2017",
                 "Finance Jo Money 12 March 2018", "Legal Lee Law"):
        assert text in cover, text
    plain_page = next(t for t in pages if "Plain text." in t)
    assert "Report of" not in plain_page and "Sign-offs" not in plain_page
