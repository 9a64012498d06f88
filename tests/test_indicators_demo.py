"""indicators.demo: the seed's indicators, returns and report load, idempotently, as published."""
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from boards.models import Board
from indicators import performance as perf
from indicators import rating as rating_rules
from indicators.demo import load_demo_indicators
from indicators.models import Indicator, IndicatorReturn, PerformanceReport
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, board_kind

SUBGROUPS = {
    "safer-borough-board": "Safer Borough Board",
    "vawg": "Violence against Women and Girls (VAWG)",
    "children-young-people": "Children and Young People",
    "managing-offenders": "Managing Offenders",
    "hate-intolerance-extremism": "Hate, Intolerance and Extremism",
}

JAN_2018 = dt.date(2018, 1, 1)

# The RAG of every rated indicator in the 28 March 2018 report (seed, Appendix 1).
PUBLISHED_RAG = {
    "1a": "A", "1b": "A", "2": "R", "3": "G", "4": "G", "5": "R", "6": "R", "7": "R",
    "8": "R", "10": "A", "11": "G", "15": "X", "19": "X", "20": "R", "21": "X",
}


def create_demo_boards() -> Board:
    """The CSP board and its subgroups by their fixed slugs (the boards' loader's contract)."""
    csp = BoardFactory(
        slug="bd-csp", name="Community Safety Partnership Board",
        kind=board_kind("partnership_board"),
    )
    for slug, name in SUBGROUPS.items():
        BoardFactory(slug=slug, name=name, kind=board_kind("subgroup"), parent=csp)
    return csp


@pytest.fixture
def demo(db):
    csp = create_demo_boards()
    load_demo_indicators()
    return csp


def _indicator(ref: str) -> Indicator:
    return Indicator.objects.get(board__slug="bd-csp", reference=ref)


def _rating(ref: str, period: dt.date = JAN_2018) -> rating_rules.Rating:
    ind = _indicator(ref)
    returns = ind.returns.filter(status=IndicatorReturn.Status.APPROVED, period__lte=period)
    latest = max(r.period for r in returns)
    return rating_rules.rate(ind, returns=list(returns), period=latest)


def test_all_22_indicators_grouped_by_owning_subgroup(demo):
    refs = list(Indicator.objects.filter(board=demo).values_list("reference", flat=True))
    assert refs == ["1a", "1b"] + [str(n) for n in range(2, 23)]
    owner = {i.reference: i.owning_subgroup.slug for i in Indicator.objects.filter(board=demo)}
    assert {owner[r] for r in ["1a", "1b", "2", "3", "4", "5"]} == {"safer-borough-board"}
    assert {owner[r] for r in ["6", "7", "8", "9"]} == {"children-young-people"}
    assert {owner[r] for r in ["10", "11", "12", "13", "14"]} == {"managing-offenders"}
    assert {owner[r] for r in ["15", "16", "17", "18"]} == {"hate-intolerance-extremism"}
    assert {owner[r] for r in ["19", "20", "21", "22"]} == {"vawg"}
    in_dev = set(
        Indicator.objects.filter(in_development=True).values_list("reference", flat=True)
    )
    assert in_dev == {"9", "12", "13", "14", "16", "17", "18", "22"}


@pytest.mark.parametrize("ref,rag", sorted(PUBLISHED_RAG.items()))
def test_every_published_rag_is_reproduced(demo, ref, rag):
    assert _rating(ref).rag == rag


def test_judgement_ratings_are_overrides_with_reasons(demo):
    fte, reoffending = _rating("6"), _rating("11")
    assert fte.overridden and fte.computed_rag == "A" and "London" in fte.reason
    assert reoffending.overridden and reoffending.computed_rag is None
    assert "reoffences per reoffender" in reoffending.reason
    others = [r for r in PUBLISHED_RAG if r not in ("6", "11")]
    assert not any(_rating(ref).overridden for ref in others)


def test_definition_blocks_and_leads(demo):
    burglary = _indicator("2")
    assert burglary.source == "MetStats2 (From Police systems)"
    assert burglary.definition.startswith("This indicator includes residential burglary")
    assert "curtilage" in burglary.issues_to_consider
    assert burglary.target_text == "Year on Year reduction from 2017/18"
    assert (burglary.lead, burglary.lead_title) == (
        "Jonathan Toy", "Operational Director Enforcement Services"
    )
    fte = _indicator("6")
    assert (fte.lead, fte.lead_title) == ("Angie Fuller", "Youth Offending Service Manager")
    arson = _indicator("5")
    assert (arson.target_type, arson.target_value) == ("ceiling", Decimal("169"))
    marac = _indicator("20")
    assert (marac.target_lower, marac.target_upper, marac.unit) == (
        Decimal("28"), Decimal("40"), "percentage",
    )
    reoffending = _indicator("11")
    assert (reoffending.frequency, reoffending.unit) == ("cohort", "percentage")
    cohort = reoffending.returns.get()
    assert (cohort.value, cohort.cohort_label) == (Decimal("31.1"), "October to December 2015")
    assert "England and Wales = 29.6%" in cohort.london_comparator


def test_january_returns_carry_reported_fytd_and_narrative(demo):
    jan = IndicatorReturn.objects.get(indicator=_indicator("2"), period=JAN_2018)
    assert (jan.value, jan.fytd_reported, jan.london_change_pct) == (
        Decimal("176"), Decimal("1319"), Decimal("13.0"),
    )
    assert jan.performance_overview.startswith("Financial Year to date figures at January 2018")
    assert "- 2. Any artifice offence." in jan.actions_to_improve
    assert jan.status == IndicatorReturn.Status.APPROVED
    last_year = {
        "1a": 1791, "2": 1046, "3": 1578, "4": 5559, "7": 255, "8": 193, "19": 2025,
        "21": 394, "1b": 1142, "10": 57,
    }
    for ref, fytd in last_year.items():
        ret = IndicatorReturn.objects.get(indicator=_indicator(ref), period=dt.date(2017, 1, 1))
        assert ret.fytd_reported == fytd, ref


def test_months_not_yet_reported_are_not_loaded_from_last_year(demo):
    for ref in ("2", "8", "10", "1a"):
        ind = _indicator(ref)
        assert not ind.returns.filter(period__gte=dt.date(2018, 2, 1)).exists(), ref
        # last year's February is there
        assert ind.returns.get(period=dt.date(2017, 2, 1)).value is not None
    burglary = _indicator("2")
    assert perf.months_sum(list(burglary.returns.all()), dt.date(2018, 3, 1)) is None


def test_marac_cumulative_rates_are_fytd_per_month(demo):
    marac = _indicator("20")
    rates = dict(marac.returns.values_list("period", "fytd_reported"))
    assert rates[dt.date(2017, 4, 1)] == Decimal("22.7")
    assert rates[JAN_2018] == Decimal("17.9")
    assert rates[dt.date(2017, 3, 1)] == Decimal("28.2")
    assert not marac.returns.exclude(value=None).exists()


def test_performance_report_created(demo):
    report = PerformanceReport.objects.get(board=demo)
    assert report.title == "Community Safety Partnership Performance Report"
    assert (report.as_at, report.report_date) == (JAN_2018, dt.date(2018, 3, 28))
    assert (report.author, report.job_title, report.contact) == (
        "Daniel James", "Senior Intelligence and Analysis Officer", "0208 227 5040",
    )
    assert report.sponsor == "Jonathan Toy, Operational Director Enforcement Services"
    assert report.security == "unrestricted"
    assert "- Deserve attention due to particularly strong performance; or" in report.introduction
    assert report.notes.startswith("2.1 Please note")
    assert "1.16 The following actions" in report.commentary
    assert report.agenda_item is None


def test_report_links_to_item_7_sub_item_1_when_the_agenda_exists(db):
    csp = create_demo_boards()
    meeting = MeetingFactory(
        board=csp, start=dt.datetime(2018, 3, 28, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    )
    AgendaItemFactory(meeting=meeting, position=6, title="Subgroup Updates")
    item7 = AgendaItemFactory(meeting=meeting, position=7, title="Performance Report")
    sub = AgendaItemFactory(meeting=meeting, parent=item7, position=1, title="Performance Report")
    load_demo_indicators()
    assert PerformanceReport.objects.get(board=csp).agenda_item == sub


def test_loading_twice_changes_nothing(demo):
    def snapshot():
        return (
            list(Indicator.objects.order_by("pk").values()),
            list(IndicatorReturn.objects.order_by("pk").values()),
            list(PerformanceReport.objects.order_by("pk").values()),
        )

    before = snapshot()
    load_demo_indicators()
    assert snapshot() == before


def test_loading_again_repairs_a_changed_figure(demo):
    ret = IndicatorReturn.objects.get(indicator=_indicator("2"), period=JAN_2018)
    ret.fytd_reported = Decimal("1")
    ret.save()
    load_demo_indicators()
    ret.refresh_from_db()
    assert ret.fytd_reported == Decimal("1319")


def test_missing_board_raises(db):
    with pytest.raises(Board.DoesNotExist):
        load_demo_indicators()
