"""Reads for the performance report (DOMAIN.md: the performance report).

``performance_report_context`` gathers everything the report's templates need,
for the web page and the agenda pack PDF alike. It uses approved returns with
a period on or before the report's ``as_at`` only, so a report "as at" a month
comes out the same whenever it is regenerated, and runs a fixed number of
queries whatever the number of indicators.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Prefetch
from django.utils.safestring import mark_safe

from indicators import performance as perf
from indicators import rating as rating_rules
from indicators.models import Indicator, IndicatorReturn, PerformanceReport, Rag, ReportGrouping


def report_returns_queryset(*, as_at: dt.date):
    """Approved returns with a period on or before ``as_at``, oldest first."""
    return IndicatorReturn.objects.filter(
        status=IndicatorReturn.Status.APPROVED, period__lte=as_at
    ).order_by("period")


def report_indicators(
    *, report: PerformanceReport, reference: str | None = None, priorities: bool = False
) -> list[Indicator]:
    """The report board's indicators in reference order, each with ``report_returns`` loaded.

    ``reference`` keeps only that indicator; ``priorities`` loads each one's plan
    priorities (with their parents) too. Three queries (four with ``priorities``): the
    indicators (with their owning subgroup), the figures of their returns, and each
    one's latest return whole. The returns are read by the board, not by a list of
    every indicator's key, and shared out here: a large partnership's hundreds of
    indicators make no long IN list and no per-row prefetch bookkeeping.
    """
    indicators = Indicator.objects.filter(board_id=report.board_id)
    returns = report_returns_queryset(as_at=report.as_at).filter(
        indicator__board_id=report.board_id)
    if reference is not None:
        indicators = indicators.filter(reference=reference)
        returns = returns.filter(indicator__reference=reference)
    if priorities:
        indicators = indicators.prefetch_related(Prefetch(
            "priorities", queryset=Priority.objects.select_related("parent", "plan"),
            to_attr="plan_priorities",
        ))
    indicators = list(
        indicators.select_related("owning_subgroup").order_by("position", "reference", "pk")
    )
    # Each indicator's returns as plain figures (ReturnFigures), then its latest return (the
    # one the report shows, with its text) whole, by key: reading every column of every
    # return, and building thousands of model objects, was most of a large dashboard's
    # time. Read in indicator then period order, which the unique (indicator, period)
    # index gives without sorting.
    by_indicator: dict[int, list[Any]] = {i.pk: [] for i in indicators}
    make = ReturnFigures._make
    for row in returns.order_by("indicator_id", "period").values_list(*FIGURE_FIELDS):
        by_indicator[row[1]].append(make(row))
    latest_ids = [figures[-1].pk for figures in by_indicator.values() if figures]
    latest: dict[int, IndicatorReturn] = {}
    for start in range(0, len(latest_ids), LATEST_BATCH):
        latest.update(IndicatorReturn.objects.in_bulk(latest_ids[start:start + LATEST_BATCH]))
    for figures in by_indicator.values():
        if figures:
            # A return deleted between the two reads (rare) is left out.
            figures[-1] = latest.get(figures[-1].pk)
            if figures[-1] is None:
                figures.pop()
    for indicator in indicators:
        indicator.report_returns = by_indicator[indicator.pk]
    return indicators


# Latest returns read whole per query: one query up to this many indicators, within
# SQLite's 999 parameters.
LATEST_BATCH = 900

# What performance and rating rules read from a return other than the latest, in the order
# of ReturnFigures' fields.
FIGURE_FIELDS = ("id", "indicator_id", "period", "value", "fytd_reported", "rag_override",
                 "rag_override_reason")


class ReturnFigures(NamedTuple):
    """An approved return's figures only (FIGURE_FIELDS), as the performance and rating
    rules read them; ``value`` and ``fytd_reported`` are Decimals or None. A named tuple:
    a large board has tens of thousands, and a frozen dataclass took several times as
    long to build."""

    pk: int
    indicator_id: int
    period: dt.date
    value: Any
    fytd_reported: Any
    rag_override: str
    rag_override_reason: str


# plans.Priority, reached through the relation: the plans app sits above this one.
Priority = Indicator.priorities.field.related_model

NOT_LINKED = "Not linked to a plan priority"


def _report_plan_id(report: PerformanceReport, indicators: list[Indicator]) -> int | None:
    """The plan whose priorities group the report: of those the indicators link to, the one
    of the report's board whose period covers the report's month, else the latest."""
    plans = {p.plan for i in indicators for p in i.plan_priorities}
    own = [p for p in plans if p.board_id == report.board_id and p.status != "archived"]
    covering = [p for p in own if p.period_start <= report.as_at <= p.period_end]
    chosen = covering or own or list(plans)
    if not chosen:
        return None
    return max(chosen, key=lambda p: (p.period_start, p.pk)).pk


def _groups_by_priority(report: PerformanceReport, items: list[dict[str, Any]]
                        ) -> list[dict[str, Any]]:
    """The summary table grouped by the report plan's priorities, in the plan's order; an
    indicator serving several priorities is listed under each, one serving none last."""
    plan_id = _report_plan_id(report, [i["indicator"] for i in items])
    groups: dict[int | None, dict[str, Any]] = {}
    for item in items:
        tops = {
            (p.parent or p).pk: (p.parent or p)
            for p in item["indicator"].plan_priorities if p.plan_id == plan_id
        }
        for top in tops.values() or [None]:
            key = top.pk if top else None
            if key not in groups:
                groups[key] = {"priority": top, "subgroup": None, "rows": [],
                               "name": f"{top.code} {top.title}" if top else NOT_LINKED}
            groups[key]["rows"].append(item)
    return sorted(groups.values(), key=lambda g: (
        g["priority"] is None,
        (g["priority"].position, g["priority"].code) if g["priority"] else (0, ""),
    ))


def _title(indicator: Indicator) -> str:
    return indicator.short_name or indicator.name


def _figure_and_change(indicator: Indicator, current, previous) -> tuple[str, str, Any]:
    """The printed figure (``"1319"``), change (``"up 26.1% (up 273 offences)"``) and change,
    from the headline figure ``current`` and last year's ``previous`` (Decimals or None)."""
    figure = perf.format_figure(current, indicator.unit)
    change = perf.year_on_year(current, previous)
    change_text = (
        perf.change_phrase(change, unit_label=indicator.unit_label, unit=indicator.unit)
        if change is not None
        else ""
    )
    return figure, change_text, change


def _sentence_change(indicator: Indicator, item: dict[str, Any]) -> str:
    """The change as a sentence says it after the indicator's name.

    "is up 26.1% (up 273 offences)"; "shows no change (down 6 offences)" or, with
    no difference at all, "shows no change on last year"; a unit of several words is
    left out when the indicator's name already says it ("First Time Entrants … is down
    1.4% (down 2)").
    """
    change = item["change"]
    title = _title(indicator).casefold()
    label = indicator.unit_label.strip()
    # A unit of several words that is the indicator's own subject ("first time entrants").
    if len(label.split()) > 1 and label.casefold().rstrip("s") in title:
        label = ""
    if change is None or indicator.unit == Indicator.Unit.PERCENTAGE:
        text = item["change_text"]
        return f"shows {text}" if text.startswith("no change") else f"is {text}"
    phrase = perf.change_phrase(change, unit_label=label, unit=indicator.unit)
    if change.absolute == 0:
        return "shows no change on last year"
    if phrase.startswith("no change 0% "):
        return "shows no change " + phrase.removeprefix("no change 0% ")
    return f"is {phrase}"


def _summary_sentence(indicator: Indicator, item: dict[str, Any]) -> str:
    """One executive-summary line written from the rating and figures.

    ``"Burglary is up 26.1% (up 273 offences)"``; for a ceiling or range the
    figure against its target; an override adds its reason. An indicator with
    no single figure (its one-page summary gives strands) reads "see its
    one-page summary".
    """
    title = _title(indicator)
    rating: rating_rules.Rating = item["rating"]
    kind = indicator.target_type
    if item["change_text"] and kind not in (
        Indicator.TargetType.CEILING, Indicator.TargetType.RANGE,
    ):
        sentence = f"{title} {_sentence_change(indicator, item)}"
    elif item["figure"] and kind == Indicator.TargetType.CEILING and indicator.target_value:
        allowance = rating_rules.ceiling_allowance(
            indicator.target_value, perf.month_of_financial_year(item["period"])
        )
        sentence = (
            f"{title}: {item['figure']} so far this year against a pro-rata allowance of "
            f"{perf.format_number(allowance)} (target: {indicator.target_text})"
        )
    elif item["figure"] and kind == Indicator.TargetType.RANGE:
        current = item["current"]
        lower, upper = indicator.target_lower, indicator.target_upper
        where = (
            "below" if lower is not None and current < lower
            else "above" if upper is not None and current > upper
            else "within"
        )
        span = (
            f"{perf.format_figure(lower, indicator.unit)} to "
            f"{perf.format_figure(upper, indicator.unit)}"
        )
        sentence = f"{title} is {item['figure']}, {where} the {span} range"
    elif item["figure"]:
        sentence = f"{title} is {item['figure']}"
        if item["cohort_label"]:
            sentence += f" ({item['cohort_label']} cohort)"
    else:
        sentence = f"{title}: see its one-page summary"
    if rating.overridden and rating.reason:
        sentence = f"{sentence}. {rating.reason.rstrip('.')}"
    return sentence + "."


EXECUTIVE_SUMMARY_HEADINGS = {
    "good": "Good performance using financial year to date figures to {as_at}",
    "improvement": "Areas for improvement using financial year to date figures to {as_at}",
    "monitoring": "Indicators for monitoring",
}


def executive_summary_draft(context: dict[str, Any]) -> str:
    """The executive summary drafted from the ratings, as plain text for the analyst to edit.

    ``context`` is ``performance_report_context``'s. One heading line per non-empty
    list (good performance, areas for improvement, indicators for monitoring), then
    its sentences as "- " bullets; blank lines between lists.
    """
    blocks = []
    for key, heading in EXECUTIVE_SUMMARY_HEADINGS.items():
        lines = context["executive_summary"][key]
        if lines:
            bullets = "\n".join(f"- {line.sentence}" for line in lines)
            blocks.append(f"{heading.format(as_at=context['as_at_label'])}\n{bullets}")
    return "\n\n".join(blocks)


@dataclass(frozen=True)
class SummaryLine:
    """One line of the executive summary: which indicator, its rating and the sentence.

    ``str()`` is the sentence, so a template may print the line itself.
    """

    reference: str
    title: str
    anchor: str
    rating: rating_rules.Rating
    sentence: str

    def __str__(self) -> str:
        return self.sentence


def _chart(indicator: Indicator, by_period, period: dt.date) -> str:
    """Inline SVG of the monthly series, this year against last year; "" without monthly data."""
    if indicator.frequency != Indicator.Frequency.MONTHLY:
        return ""
    this_fy = perf.financial_year(period)
    this_year = perf.month_series(indicator, by_period, this_fy)
    last_year = perf.month_series(indicator, by_period, this_fy.previous())
    if all(v is None for v in this_year + last_year):
        return ""
    percent = indicator.unit == Indicator.Unit.PERCENTAGE
    target = None
    target_label = "Target"
    if indicator.target_type == Indicator.TargetType.RANGE and indicator.target_lower is not None:
        target = indicator.target_lower
        target_label = f"Lower end of range ({perf.format_figure(target, indicator.unit)})"
    elif indicator.target_type == Indicator.TargetType.CEILING and indicator.target_value:
        # A yearly ceiling read month by month: the allowance of one month (169 ÷ 12).
        target = indicator.target_value / 12
        target_label = f"Monthly share of the ceiling ({perf.format_number(target)})"
    title = f"{_title(indicator)}: {'FYTD rate' if percent else 'month totals'}"
    # matplotlib is loaded by the first chart drawn, not by every process that imports
    # this module (a web process showing the dashboard draws none).
    from .charts import monthly_chart_svg

    svg = monthly_chart_svg(
        title=title,
        labels=perf.MONTH_ABBRS,
        this_year=this_year,
        last_year=last_year,
        this_label=this_fy.label,
        last_label=this_fy.previous().label,
        target=target,
        target_label=target_label,
        y_label="%" if percent else indicator.unit_label,
    )
    # Our own markup from matplotlib, with every text value escaped in charts.py.
    return mark_safe(svg)


def _quarters(indicator: Indicator, by_period, period: dt.date) -> list[dict[str, Any]]:
    if indicator.frequency != Indicator.Frequency.MONTHLY or indicator.unit != Indicator.Unit.COUNT:
        return []
    this_fy = perf.financial_year(period)
    this_q = perf.quarter_totals(by_period, this_fy)
    last_q = perf.quarter_totals(by_period, this_fy.previous())
    if all(q.total is None for q in this_q + last_q):
        return []
    return [
        {
            "label": t.label,
            "this_year": perf.format_number(t.total),
            "last_year": perf.format_number(p.total),
        }
        for t, p in zip(this_q, last_q, strict=True)
    ]


def _directions(indicator: Indicator, by_period, period: dt.date) -> dict[str, Any]:
    step = perf.period_step_name(indicator)
    previous = perf.direction_of_travel(indicator, by_period, period)
    rolling = perf.rolling_average_direction(indicator, by_period, period)
    against = (
        f"the average of the previous 12 months ({perf.format_number(rolling.previous)})"
        if rolling is not None else ""
    )
    return {
        "direction": previous,
        "direction_text": perf.direction_phrase(
            previous,
            against=f"the previous {step}"
            + (f" ({perf.format_figure(previous.previous, indicator.unit)})" if previous else ""),
        ),
        "rolling_direction": rolling,
        "rolling_direction_text": perf.direction_phrase(rolling, against=against),
    }


def _month_rows(indicator: Indicator, by_period, period: dt.date) -> list[dict[str, str]]:
    """The chart's figures as rows (month, last year, this year): its text alternative."""
    if indicator.frequency != Indicator.Frequency.MONTHLY:
        return []
    this_fy = perf.financial_year(period)
    this_year = perf.month_series(indicator, by_period, this_fy)
    last_year = perf.month_series(indicator, by_period, this_fy.previous())
    return [
        {
            "label": label,
            "this_year": perf.format_figure(t, indicator.unit),
            "last_year": perf.format_figure(p, indicator.unit),
        }
        for label, t, p in zip(perf.MONTH_ABBRS, this_year, last_year, strict=True)
    ]


def _indicator_item(
    indicator: Indicator, page_refs: dict[str, int], *, charts: bool = True,
    summaries: bool = True,
) -> dict[str, Any]:
    returns = indicator.report_returns  # approved, up to "as at" (see report_indicators)
    by_period = {r.period: r for r in returns}
    anchor = f"indicator-{indicator.pk}"
    item: dict[str, Any] = {
        "indicator": indicator,
        "pk": indicator.pk,
        "anchor": anchor,
        "reference": indicator.reference,
        "name": indicator.name,
        "title": _title(indicator),
        "in_development": indicator.in_development,
        "page": page_refs.get(anchor),
        "period": None,
        "period_label": "",
        "current_return": None,
        "figure": "",
        "current": None,
        "change_text": "",
        "change": None,
        "london_text": "",
        "cohort_label": "",
        "rate_text": "",
        "data_note": "",
        "rating": rating_rules.rate_figures(
            indicator, current=None, last_year=None, months_reported=0
        ),
    }
    period = max((r.period for r in returns), default=None)
    if indicator.in_development or period is None:
        return item
    current = by_period[period]
    # Each figure worked out once, for the figure, the change and the rating alike.
    headline = perf.headline(indicator, by_period, period)
    last_year = perf.last_year_headline(indicator, by_period, period)
    figure, change_text, change = _figure_and_change(indicator, headline, last_year)
    item["current"] = headline
    rated = by_period.get(perf.month_start(period))
    london = perf.london_change_text(current.london_change_pct) or current.london_comparator
    item.update(
        period=period,
        period_label=(
            f"{current.cohort_label} cohort" if current.cohort_label else perf.period_label(period)
        ),
        current_return=current,
        figure=figure,
        change_text=change_text,
        change=change,
        london_text=london,
        cohort_label=current.cohort_label,
        rate_text=current.rate_text,
        data_note=current.data_note,
        # rating.rate's rating, from the figures above.
        rating=rating_rules.rate_figures(
            indicator, current=headline, last_year=last_year,
            months_reported=perf.month_of_financial_year(period),
            rag_override=(rated.rag_override if rated is not None else "") or "",
            rag_override_reason=(rated.rag_override_reason if rated is not None else "") or "",
        ),
    )
    if not summaries:
        return item
    rating = item["rating"]
    rag_text = rating.label
    if rating.overridden:
        rag_text = f"{rag_text} (overridden: {rating.reason})"
    checks = [
        perf.fytd_check(indicator, by_period, p)
        for p in (period, perf.same_period_last_year(period))
    ]
    item["summary"] = {
        "rag_text": rag_text,
        "chart_svg": _chart(indicator, by_period, period) if charts else "",
        "quarters": _quarters(indicator, by_period, period),
        "months": _month_rows(indicator, by_period, period),
        "this_year_label": perf.financial_year(period).label,
        "last_year_label": perf.financial_year(period).previous().label,
        "overview": current.performance_overview,
        "actions": current.actions_to_improve,
        "fytd_checks": [c for c in checks if c is not None],
        **_directions(indicator, by_period, period),
        "step_label": perf.period_step_name(indicator),
        "headline_label": (
            f"FYTD to {perf.period_label(period)}"
            if indicator.frequency == Indicator.Frequency.MONTHLY
            else f"Year {perf.financial_year(period).label}"
            if indicator.frequency == Indicator.Frequency.ANNUAL
            else item["period_label"]
        ),
        "last_year_figure": perf.format_figure(
            perf.last_year_headline(indicator, by_period, period), indicator.unit
        ),
    }
    return item


def _long_date(day: dt.date | None) -> str:
    """``"Wednesday 28 March 2018"``; ``""`` for None."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def performance_report_context(
    *,
    report: PerformanceReport,
    page_refs: dict[str, int] | None = None,
    reference: str | None = None,
    charts: bool = True,
    grouping: str | None = None,
    summaries: bool = True,
) -> dict[str, Any]:
    """Everything ``indicators/pdf/performance_report.html`` needs to print ``report``.

    ``page_refs`` maps anchors (``"indicator-<pk>"``) to the page a one-page
    summary starts on, as measured in a rendered pack; without it the summary
    table's page column is empty. Returns a dict:

    - ``report``, ``board_name``, ``anchor`` (``"paper-performance-<pk>"``), ``header``: a list of
      (label, value) pairs (Subject, Date, Author, Contact, Job title, Sponsor,
      Security), ``as_at_label`` (``"January 2018"``);
    - ``executive_summary``: ``good`` (Green), ``improvement`` (Red, then
      Amber) and ``monitoring`` (Grey) lists of ``SummaryLine`` (sentence
      written from the rating and figures, see ``_summary_sentence``);
      ``executive_summary_text``: the approved text that prints instead ('' until
      approved); ``target_year_label``: the report's financial year ("2017/18");
    - ``groups``: the summary table, one dict per owning subgroup in reference
      order, ``{"subgroup", "name", "rows"}``, or with the report's ``grouping``
      (or ``grouping`` given) "priority", one per priority of the plan in the plan's
      order, ``{"priority", "name", "rows"}``, and one for the indicators that serve
      none; ``grouping`` says which; each row a dict with ``reference``,
      ``name``, ``rating`` (``performance.Rating``), ``figure``, ``change_text``,
      ``rate_text``, ``london_text``, ``data_note`` (web only), ``in_development``,
      ``page``, ``anchor``;
    - ``summaries``: the rows that have a one-page summary (not in development,
      with a return), each with a ``summary`` dict: ``rag_text``, ``chart_svg``
      (safe inline SVG or ""), ``quarters``, ``overview``, ``actions``,
      ``fytd_checks`` (``performance.FytdCheck``), ``direction`` and
      ``rolling_direction`` (``performance.Direction`` or None) with their
      ``direction_text`` and ``rolling_direction_text``.

    ``reference`` limits the report to that one indicator (a one-page summary
    page); ``charts=False`` leaves the charts out (a dashboard that links to them);
    ``summaries=False`` leaves the one-page summaries out (``summaries`` is then empty
    and rows have no ``summary``: the dashboard's table and executive summary only).

    Queries: the report's board, the indicators, their returns' figures and their latest
    returns (four at most; five grouped by priority), whatever the number of indicators
    (up to LATEST_BATCH).
    """
    page_refs = page_refs or {}
    grouping = grouping or report.grouping or ReportGrouping.OWNING_SUBGROUP
    by_priority = grouping == ReportGrouping.PRIORITY
    items = [
        _indicator_item(ind, page_refs, charts=charts, summaries=summaries)
        for ind in report_indicators(report=report, reference=reference,
                                     priorities=by_priority)
    ]

    groups: list[dict[str, Any]] = []
    by_subgroup: dict[int, dict[str, Any]] = {}
    for item in items if not by_priority else []:
        subgroup = item["indicator"].owning_subgroup
        group = by_subgroup.get(subgroup.pk)
        if group is None:
            group = {"subgroup": subgroup, "name": subgroup.name, "rows": []}
            by_subgroup[subgroup.pk] = group
            groups.append(group)
        group["rows"].append(item)
    if by_priority:
        groups = _groups_by_priority(report, items)

    summary: dict[str, list[SummaryLine]] = {"good": [], "improvement": [], "monitoring": []}
    lists = {Rag.GREEN: "good", Rag.RED: "improvement", Rag.AMBER: "improvement",
             Rag.GREY: "monitoring"}
    # Red before Amber among the areas for improvement: the worst first.
    order = {Rag.RED: 0, Rag.AMBER: 1}
    for item in sorted(items, key=lambda i: order.get(i["rating"].rag, 0)):
        key = lists.get(item["rating"].rag) if item["rating"].rag else None
        if key and not item["in_development"]:
            summary[key].append(SummaryLine(
                reference=item["reference"], title=item["title"], anchor=item["anchor"],
                rating=item["rating"], sentence=_summary_sentence(item["indicator"], item),
            ))

    header = [
        ("Subject", report.title),
        ("Date", _long_date(report.report_date)),
        ("Author", report.author),
        ("Contact", report.contact),
        ("Job title", report.job_title),
        ("Sponsor", report.sponsor),
        ("Security", report.get_security_display()),
    ]
    return {
        "report": report,
        "board_name": report.board.name,
        "anchor": f"paper-performance-{report.pk}",
        "header": header,
        "as_at_label": perf.period_label(report.as_at),
        # Targets are the report's year's, whatever period a figure is for (a cohort).
        "target_year_label": perf.financial_year(report.as_at).label,
        "executive_summary": summary,
        "executive_summary_text": report.approved_executive_summary,
        "groups": groups,
        "grouping": grouping,
        "summaries": [i for i in items if "summary" in i],
    }
