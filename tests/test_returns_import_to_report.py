"""From the analyst's spreadsheet to the board's performance report, on the 28 March 2018 board.

The demo's monthly figures are written to an XLSX file, imported through the
import page by the chair and submitted, approved by the clerk (not by the chair who
submitted them: separation of duties), the board's RAG
overrides re-applied, and the performance report rendered by the worker. Its
ratings, FYTD figures and changes must match the seed's (issue: KPI returns,
done when).
"""
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from boards.models import Membership
from indicators.demo import load_demo_indicators
from indicators.models import Indicator, IndicatorReturn, PerformanceReport
from indicators.performance import financial_year
from indicators.report.services import performance_report_render_request
from indicators.returns import services
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.indicator_workbook import demo_workbook
from tests.test_indicators_demo import PUBLISHED_RAG, _rating, create_demo_boards
from tests.test_performance_report_pdf import SEED_ROWS

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def chair(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    board = create_demo_boards()
    load_demo_indicators()
    user = UserFactory(username="chair")
    MembershipFactory(board=board, person=PersonFactory(user=user), role=Membership.Role.CHAIR)
    return user


def test_imported_and_approved_returns_render_the_seeds_report(
    client, chair, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    board = Indicator.objects.first().board
    returns = IndicatorReturn.objects.filter(indicator__board=board)
    overrides = [
        (r.indicator, r.period, r.rag_override, r.rag_override_reason)
        for r in returns.exclude(rag_override="").select_related("indicator")
    ]
    assert overrides, "the seed's judgement ratings are overrides"
    returns.delete()

    client.force_login(chair)
    upload = SimpleUploadedFile("returns-2017-18.xlsx", demo_workbook())
    response = client.post(
        reverse("indicators:import_returns", kwargs={"slug": board.slug}),
        {"file": upload, "submit_for_approval": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert returns.count() == 127
    assert not returns.filter(status=IndicatorReturn.Status.APPROVED).exists()

    clerk = UserFactory(username="clerk")
    MembershipFactory(board=board, person=PersonFactory(user=clerk), role=Membership.Role.CLERK)
    for indicator in Indicator.objects.filter(board=board):
        for year in {financial_year(r.period) for r in indicator.returns.all()}:
            services.indicator_returns_approve(indicator=indicator, year=year, actor=clerk)
    for indicator, period, rag, reason in overrides:
        services.indicator_return_override_rag(
            indicator_return=IndicatorReturn.objects.get(indicator=indicator, period=period),
            actor=chair, rag=rag, reason=reason,
        )
    # A return without a figure (narrative only) cannot be submitted, so stays a draft.
    unapproved = returns.exclude(status=IndicatorReturn.Status.APPROVED)
    assert not unapproved.exclude(value=None, fytd_reported=None).exists()

    for ref, rag in PUBLISHED_RAG.items():
        assert _rating(ref).rag == rag, ref

    report = PerformanceReport.objects.get(board=board)
    with django_capture_on_commit_callbacks(execute=True):
        render = performance_report_render_request(report=report, actor=chair)
    render.refresh_from_db()
    assert render.status == render.Status.READY, render.error
    pages = PdfReader(io.BytesIO(render.file.read())).pages
    whole = " ".join(_flat(page.extract_text()) for page in pages)
    # The executive summary is the approved one (the seed's own words); the figures below
    # come from the imported and approved returns.
    assert "Burglary is up 26% (up 273 offences)" in whole
    for ref, rag, figure, london in SEED_ROWS:
        assert re.search(rf" {ref} .{{0,200}}?{rag} {re.escape(figure)} {re.escape(london)} \d+",
                         whole), ref
