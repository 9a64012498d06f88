"""indicators.performance: periods, FYTD, change wording and RAG rules (DOMAIN.md: Performance).

Pure functions: the indicators and returns here are unsaved model instances.
"""

import datetime as dt
from decimal import Decimal

import pytest

from indicators import performance as perf
from indicators import rating as rating_rules
from indicators.models import Indicator, IndicatorReturn, Rag

D = Decimal
JAN_2018 = dt.date(2018, 1, 1)
JAN_2017 = dt.date(2017, 1, 1)

# Burglary month totals, April to March (seed, Appendix 1); None = not reported.
BURGLARY_1617 = [89, 119, 110, 87, 87, 94, 101, 97, 119, 143, 171, 137]
BURGLARY_1718 = [133, 159, 90, 128, 113, 106, 145, 115, 144, 176, None, None]


def indicator(**kw) -> Indicator:
    kw.setdefault("target_type", Indicator.TargetType.REDUCTION)
    kw.setdefault("unit_label", "offences")
    return Indicator(reference=kw.pop("reference", "2"), name=kw.pop("name", "Burglary"), **kw)


def ret(period: dt.date, value=None, fytd=None, override="", reason="") -> IndicatorReturn:
    return IndicatorReturn(
        period=period,
        value=None if value is None else D(value),
        fytd_reported=None if fytd is None else D(fytd),
        rag_override=override,
        rag_override_reason=reason,
    )


def months(fy_start: int, values) -> list[IndicatorReturn]:
    """Month returns from April on; ``values`` may stop before March."""
    fy = perf.FinancialYear(fy_start)
    return [ret(m, v) for m, v in zip(fy.months(), values, strict=False) if v is not None]


def burglary_returns(*, reported: bool = True) -> dict[dt.date, IndicatorReturn]:
    rows = {r.period: r for r in months(2016, BURGLARY_1617) + months(2017, BURGLARY_1718)}
    if reported:
        rows[JAN_2018].fytd_reported = D(1319)
        rows[JAN_2017].fytd_reported = D(1046)
    return rows


# --- periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day,label",
    [
        (dt.date(2018, 1, 15), "2017/18"),
        (dt.date(2018, 3, 31), "2017/18"),
        (dt.date(2018, 4, 1), "2018/19"),
        (dt.date(2017, 4, 1), "2017/18"),
        (dt.date(1999, 12, 1), "1999/00"),
    ],
)
def test_financial_year_runs_april_to_march(day, label):
    assert perf.financial_year(day).label == label


def test_months_of_a_financial_year():
    months_1718 = perf.financial_year_months(dt.date(2017, 11, 5))
    assert len(months_1718) == 12
    assert (months_1718[0], months_1718[9], months_1718[-1]) == (
        dt.date(2017, 4, 1),
        JAN_2018,
        dt.date(2018, 3, 1),
    )
    assert perf.month_of_financial_year(JAN_2018) == 10
    assert perf.month_of_financial_year(dt.date(2017, 4, 1)) == 1
    assert perf.same_period_last_year(dt.date(2018, 1, 20)) == JAN_2017


# --- FYTD -------------------------------------------------------------------------------


def test_fytd_uses_the_reported_figure_and_flags_the_months_sum():
    rows = burglary_returns()
    burglary = indicator()
    assert perf.fytd(burglary, rows, JAN_2018) == 1319
    assert perf.months_sum(rows, JAN_2018) == 1309
    check = perf.fytd_check(burglary, rows, JAN_2018)
    assert (check.reported, check.months_sum, check.difference, check.differs) == (
        1319,
        1309,
        10,
        True,
    )
    assert "1319" in check.message and "1309" in check.message and "10 more" in check.message
    same = perf.fytd_check(burglary, rows, JAN_2017)
    assert same.difference == 0 and not same.differs


def test_fytd_is_computed_from_the_months_when_not_reported():
    rows = burglary_returns(reported=False)
    burglary = indicator()
    assert perf.fytd(burglary, rows, JAN_2018) == 1309
    assert perf.last_year_fytd(burglary, rows, JAN_2018) == 1046
    assert perf.fytd(burglary, rows, dt.date(2017, 6, 1)) == 133 + 159 + 90
    assert perf.fytd_check(burglary, rows, JAN_2018) is None


def test_missing_months_are_none_never_last_years():
    rows = burglary_returns(reported=False)
    burglary = indicator()
    # February 2018 is not reported; last February (171) must not stand in for it.
    assert perf.fytd(burglary, rows, dt.date(2018, 2, 1)) is None
    assert perf.month_values(rows, perf.FinancialYear(2017))[-2:] == [None, None]
    del rows[dt.date(2017, 7, 1)]
    assert perf.fytd(burglary, rows, JAN_2018) is None


def test_percentages_are_never_summed():
    marac = indicator(unit=Indicator.Unit.PERCENTAGE, target_type=Indicator.TargetType.RANGE)
    rows = {r.period: r for r in months(2017, [22.7, 17.1, 17.1])}
    assert perf.fytd(marac, rows, dt.date(2017, 6, 1)) is None
    rows[dt.date(2017, 6, 1)].fytd_reported = D("17.1")
    assert perf.fytd(marac, rows, dt.date(2017, 6, 1)) == D("17.1")
    assert perf.fytd_check(marac, rows, dt.date(2017, 6, 1)) is None


def test_quarterly_headline_is_the_period_figure():
    fte = indicator(frequency=Indicator.Frequency.QUARTERLY, unit_label="first time entrants")
    rows = [ret(dt.date(2017, 12, 1), 140), ret(dt.date(2016, 12, 1), 142)]
    assert perf.headline(fte, rows, dt.date(2017, 12, 1)) == 140
    assert perf.last_year_headline(fte, rows, dt.date(2017, 12, 1)) == 142


# --- change wording -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "current,previous,label,phrase",
    [
        (1319, 1046, "offences", "up 26.1% (up 273 offences)"),
        (1497, 1578, "offences", "down 5.1% (down 81 offences)"),
        (1785, 1791, "offences", "no change 0% (down 6 offences)"),
        (57, 57, "offences", "no change 0% (0 offences)"),
        (5196, 5559, "calls", "down 6.5% (down 363 calls)"),
        (216, 193, "victims", "up 11.9% (up 23 victims)"),
        (11, 10, "offences", "up 10.0% (up 1 offence)"),
        (3, 0, "offences", "up 3 offences"),
    ],
)
def test_change_phrase(current, previous, label, phrase):
    change = perf.year_on_year(D(current), D(previous))
    assert perf.change_phrase(change, unit_label=label) == phrase


def test_change_of_a_percentage_is_in_percentage_points():
    change = perf.year_on_year(D("17.9"), D("26.0"))
    assert change.pct == D("-31.2")
    phrase = perf.change_phrase(change, unit_label="", unit=Indicator.Unit.PERCENTAGE)
    assert phrase == "down 8.1 percentage points"


def test_year_on_year_needs_both_figures():
    assert perf.year_on_year(D(1), None) is None
    assert perf.year_on_year(None, D(1)) is None
    change = perf.year_on_year(D(1319), D(1046))
    assert (change.absolute, change.pct) == (273, D("26.1"))


def test_london_change_text():
    assert perf.london_change_text(D("13.0")) == "Up 13.0%"
    assert perf.london_change_text(D("-2.1")) == "Down 2.1%"
    assert perf.london_change_text(None) == ""


# --- quarters and direction of travel -----------------------------------------------------


def test_quarter_totals_leave_incomplete_quarters_empty():
    rows = burglary_returns()
    this_year = perf.quarter_totals(rows, perf.FinancialYear(2017))
    last_year = perf.quarter_totals(rows, perf.FinancialYear(2016))
    assert [q.total for q in this_year] == [382, 347, 404, None]
    assert [q.total for q in last_year] == [318, 268, 317, 451]
    assert this_year[0].label.startswith("Q1")


def test_direction_of_travel_by_target_type():
    rows = burglary_returns()
    travel = perf.direction_of_travel(indicator(), rows, JAN_2018)  # Dec 144 → Jan 176
    assert (travel.movement, travel.change, travel.improving) == ("up", 32, False)
    wanted_up = indicator(target_type=Indicator.TargetType.INCREASE)
    assert perf.direction_of_travel(wanted_up, rows, JAN_2018).improving is True
    monitoring = indicator(target_type=Indicator.TargetType.MONITORING)
    assert perf.direction_of_travel(monitoring, rows, JAN_2018).improving is None
    assert perf.direction_of_travel(indicator(), rows, dt.date(2018, 2, 1)) is None


# --- rating -------------------------------------------------------------------------------


def rate(ind: Indicator, current, last_year=None, months_reported: int = 10) -> rating_rules.Rating:
    return rating_rules.rate_figures(
        ind,
        current=None if current is None else D(current),
        last_year=None if last_year is None else D(last_year),
        months_reported=months_reported,
    )


@pytest.mark.parametrize(
    "current,previous,rag",
    [
        (1319, 1046, Rag.RED),  # burglary +26.1%
        (379, 255, Rag.RED),  # knife crime +48.6%
        (216, 193, Rag.RED),  # serious youth violence +11.9%
        (1785, 1791, Rag.AMBER),  # violence with injury −0.3%
        (1118, 1142, Rag.AMBER),  # non-domestic VWI −2.1%
        (57, 57, Rag.AMBER),  # gun crime 0%
        (1497, 1578, Rag.GREEN),  # criminal damage −5.1%
        (5196, 5559, Rag.GREEN),  # ASB −6.5%
        (95, 100, Rag.GREEN),  # exactly −5%: Green
        (105, 100, Rag.AMBER),  # exactly +5%: not yet Red
    ],
)
def test_reduction_thresholds(current, previous, rag):
    assert rate(indicator(), current, previous).rag == rag


def test_thresholds_are_a_setting_per_indicator():
    lenient = indicator(red_threshold_pct=D("30"), green_threshold_pct=D("10"))
    assert rate(indicator(), 1319, 1046).rag == Rag.RED
    assert rate(lenient, 1319, 1046).rag == Rag.AMBER  # +26.1% is within 30%
    assert rate(indicator(), 1497, 1578).rag == Rag.GREEN
    assert rate(lenient, 1497, 1578).rag == Rag.AMBER  # −5.1% is not 10% lower
    strict = indicator(red_threshold_pct=D("0"))
    assert rate(strict, 1792, 1791).rag == Rag.RED


def test_increase_wanted_is_mirrored():
    wanted_up = indicator(target_type=Indicator.TargetType.INCREASE)
    assert rate(wanted_up, 110, 100).rag == Rag.GREEN
    assert rate(wanted_up, 101, 100).rag == Rag.AMBER
    assert rate(wanted_up, 90, 100).rag == Rag.RED


def test_ceiling_is_compared_pro_rata():
    arson = indicator(target_type=Indicator.TargetType.CEILING, target_value=D(169))
    allowance = rating_rules.ceiling_allowance(D(169), 10)
    assert perf.round_1dp(allowance) == D("140.8")
    red = rate(arson, 145, months_reported=10)
    assert red.rag == Rag.RED and "140.8" in red.explanation
    assert rate(arson, 140, months_reported=10).rag == Rag.AMBER  # within 5% below 140.8
    assert rate(arson, 130, months_reported=10).rag == Rag.GREEN
    assert rate(arson, 150, months_reported=11).rag == Rag.AMBER  # allowance 154.9
    assert rate(arson, 145, months_reported=11).rag == Rag.GREEN  # more than 5% below it
    assert rate(arson, 170, months_reported=12).rag == Rag.RED  # 169 for the year


def test_range():
    marac = indicator(
        unit=Indicator.Unit.PERCENTAGE,
        target_type=Indicator.TargetType.RANGE,
        target_lower=D(28),
        target_upper=D(40),
    )
    below = rate(marac, "17.9")
    assert below.rag == Rag.RED and "below the 28% to 40% range" in below.explanation
    assert rate(marac, 28).rag == Rag.GREEN
    assert rate(marac, 40).rag == Rag.GREEN
    assert rate(marac, "40.1").rag == Rag.AMBER


def test_monitoring_in_development_and_no_comparable_figure():
    assert rate(indicator(target_type=Indicator.TargetType.MONITORING), 2174, 2025).rag == Rag.GREY
    in_dev = rate(indicator(in_development=True), 10, 20)
    assert (in_dev.rag, in_dev.computed_rag) == (None, None)
    alone = rate(indicator(), 31, None)
    assert alone.rag is None and "No comparable figure" in alone.explanation
    assert rate(indicator(), 5, 0).rag is None  # no per cent change from zero


def test_override_wins_and_keeps_its_reason():
    rows = [
        ret(dt.date(2017, 12, 1), 140, override=Rag.RED, reason="Rate well above London."),
        ret(dt.date(2016, 12, 1), 142),
    ]
    fte = indicator(frequency=Indicator.Frequency.QUARTERLY)
    rating = rating_rules.rate(fte, returns=rows, period=dt.date(2017, 12, 1))
    assert (rating.rag, rating.computed_rag, rating.overridden) == (Rag.RED, Rag.AMBER, True)
    assert rating.reason == "Rate well above London."
    assert rating.label == "Red" and rating.css == "red"
    rows[0].rag_override, rows[0].rag_override_reason = "", ""
    plain = rating_rules.rate(fte, returns=rows, period=dt.date(2017, 12, 1))
    assert (plain.rag, plain.overridden, plain.reason) == (Rag.AMBER, False, "")


def test_rate_uses_the_reported_fytd_of_both_years():
    rating = rating_rules.rate(indicator(), returns=burglary_returns(), period=JAN_2018)
    assert rating.rag == Rag.RED and "+26.1%" in rating.explanation


# --- Direction against the rolling twelve months ------------------------------------------


def test_rolling_average_direction_compares_with_the_twelve_months_before():
    returns = months(2016, BURGLARY_1617) + months(2017, BURGLARY_1718)
    # January 2018 (176) against Jan–Dec 2017: (143+171+137+133+159+90+128+113+106+145+115+144)/12
    direction = perf.rolling_average_direction(indicator(), returns, JAN_2018)
    assert direction.previous == D(1584) / 12 and direction.current == D(176)
    assert (direction.movement, direction.improving) == ("up", False)
    assert perf.direction_phrase(direction, against="the 12-month average") == (
        "up on the 12-month average (worsening)"
    )


def test_rolling_average_direction_needs_twelve_reported_months_and_counts():
    returns = months(2017, BURGLARY_1718)  # no 2016/17 months before April 2017
    assert perf.rolling_average_direction(indicator(), returns, JAN_2018) is None
    full = months(2016, BURGLARY_1617) + months(2017, BURGLARY_1718)
    percent = indicator(unit=Indicator.Unit.PERCENTAGE)
    assert perf.rolling_average_direction(percent, full, JAN_2018) is None
    quarterly = indicator(frequency=Indicator.Frequency.QUARTERLY)
    assert perf.rolling_average_direction(quarterly, full, JAN_2018) is None


def test_rolling_average_direction_of_an_increase_wanted():
    returns = months(2016, [10] * 12) + months(2017, [12] * 12)
    wanted = indicator(target_type=Indicator.TargetType.INCREASE)
    direction = perf.rolling_average_direction(wanted, returns, dt.date(2018, 3, 1))
    assert direction.movement == "up" and direction.improving is True


def test_direction_phrase_of_previous_period_and_none():
    returns = months(2017, BURGLARY_1718)
    direction = perf.direction_of_travel(indicator(), returns, JAN_2018)  # 144 → 176
    assert perf.direction_phrase(direction, against="the previous month (144)") == (
        "up on the previous month (144) (worsening)"
    )
    assert perf.direction_phrase(None, against="the previous month") == ""
    flat = perf.direction_of_travel(indicator(), months(2017, [5] * 12), JAN_2018)
    assert perf.direction_phrase(flat, against="the previous month") == (
        "no change on the previous month"
    )


def test_change_against_the_same_fytd_last_year_in_numbers_and_per_cent():
    returns = months(2016, BURGLARY_1617) + months(2017, BURGLARY_1718)
    change = perf.year_on_year(
        perf.fytd(indicator(), returns, JAN_2018), perf.last_year_fytd(indicator(), returns,
                                                                      JAN_2018)
    )
    # Month sums: 1309 against 1046 (the seed's headline uses the reported 1319).
    assert (change.absolute, change.pct) == (D(263), D("25.1"))
    assert perf.change_phrase(change, unit_label="offences") == "up 25.1% (up 263 offences)"


def test_quarter_totals_leave_a_part_quarter_empty():
    q = perf.quarter_totals(months(2017, BURGLARY_1718), perf.FinancialYear(2017))
    assert [t.total for t in q] == [D(382), D(347), D(404), None]
    assert q[3].label == "Q4 (Jan–Mar)"
