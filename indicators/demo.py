"""Load the demo indicators, KPI returns and performance report (the 28 March 2018 seed).

The data lives in ``indicators/demo_data/indicators.yaml`` (with the reasons for
what is and is not loaded). The boards are created by the boards' demo loader,
which calls ``load_demo_indicators`` afterwards; this module only looks them up
by slug.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.db import models, transaction

from boards.models import AgendaItem, Board, Meeting

from .models import Indicator, IndicatorReturn, PerformanceReport
from .performance import FinancialYear

DEMO_FILE = Path(__file__).resolve().parent / "demo_data" / "indicators.yaml"

_INDICATOR_FIELDS = (
    "name", "short_name", "source", "definition", "how_it_works", "what_good_looks_like",
    "why_important", "issues_to_consider", "unit", "unit_label", "population_label",
    "frequency", "target_type", "target_text", "target_value", "target_lower", "target_upper",
    "green_threshold_pct", "red_threshold_pct", "lead", "lead_title", "in_development",
)
_RETURN_FIELDS = (
    "value", "fytd_reported", "london_change_pct", "london_comparator", "cohort_label",
    "rate_text", "data_note", "performance_overview", "actions_to_improve", "rag_override",
    "rag_override_reason",
)
_REPORT_FIELDS = (
    "report_date", "author", "job_title", "contact", "sponsor", "security", "introduction",
    "notes", "commentary", "executive_summary",
)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _fy(label: str) -> FinancialYear:
    # "2017/18" → FinancialYear(2017)
    return FinancialYear(int(str(label).split("/")[0]))


def _clean(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """Coerce YAML scalars to the model's field types (decimals, blank strings)."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        field = model._meta.get_field(name)
        if isinstance(field, models.DecimalField):
            value = _decimal(value)
        elif isinstance(field, (models.CharField, models.TextField)) and value is None:
            value = ""
        elif isinstance(field, (models.CharField, models.TextField)):
            value = str(value)
        out[name] = value
    return out


def _upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]):
    """update_or_create that leaves an unchanged row alone, so ``auto_now`` stamps stay put.

    Returns the object and whether the database was written to.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj, bool(changed)


def _return_rows(spec: dict[str, Any]) -> dict[dt.date, dict[str, Any]]:
    """Merge the month tables and the explicit returns of one indicator, by period."""
    rows: dict[dt.date, dict[str, Any]] = {}
    for key, field in (("months", "value"), ("fytd_months", "fytd_reported")):
        for label, values in (spec.get(key) or {}).items():
            months = _fy(label).months()
            if len(values) != 12:
                raise ValueError(
                    f"{spec['reference']} {key} {label}: need 12 months, April to March"
                )
            for month, value in zip(months, values, strict=True):
                # A month not reported gets no return at all (never last year's figure).
                if value is not None:
                    rows.setdefault(month, {})[field] = value
    for ret in spec.get("returns") or []:
        ret = dict(ret)
        period = ret.pop("period")
        rows.setdefault(period, {}).update(ret)
    return rows


def _agenda_item(board: Board, report: dict[str, Any]) -> AgendaItem | None:
    start = report.get("meeting_start")
    if start is None:
        return None
    aware = start.replace(tzinfo=ZoneInfo("Europe/London"))
    meeting = Meeting.objects.filter(board=board, start=aware).first()
    if meeting is None:
        return None
    return AgendaItem.objects.filter(
        meeting=meeting,
        parent__meeting=meeting,
        parent__parent__isnull=True,
        parent__position=report["agenda_item_position"],
        position=report["sub_item_position"],
    ).first()


@transaction.atomic
def load_demo_indicators(*, path: Path = DEMO_FILE) -> None:
    """Create or update the demo indicators, their approved returns and the performance report.

    Idempotent: rows are matched on their natural keys (indicator: board and
    reference; return: indicator and period; report: board, title and as_at)
    and only changed fields are written, so a second run changes nothing.
    Raises ``Board.DoesNotExist`` when a board slug named in the file is missing.
    The report's agenda item is the meeting's item 7 sub-item (i) if that
    agenda already exists, else None.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    board = Board.objects.get(slug=data["board"])
    subgroups: dict[str, Board] = {}
    for position, spec in enumerate(data["indicators"], start=1):
        slug = spec["subgroup"]
        if slug not in subgroups:
            subgroups[slug] = Board.objects.get(slug=slug)
        fields = {name: spec[name] for name in _INDICATOR_FIELDS if name in spec}
        fields.update(owning_subgroup=subgroups[slug], position=position)
        indicator, _ = _upsert(
            Indicator,
            {"board": board, "reference": str(spec["reference"])},
            _clean(Indicator, fields),
        )
        for period, row in sorted(_return_rows(spec).items()):
            values = {name: row.get(name) for name in _RETURN_FIELDS}
            values["status"] = IndicatorReturn.Status.APPROVED
            _upsert(
                IndicatorReturn,
                {"indicator": indicator, "period": period},
                _clean(IndicatorReturn, values),
            )

    report = data["report"]
    values = _clean(PerformanceReport, {name: report.get(name) for name in _REPORT_FIELDS})
    values["agenda_item"] = _agenda_item(board, report)
    # Approved as at the report's date (a fixed moment, so loading twice changes nothing).
    values["executive_summary_approved_at"] = (
        dt.datetime.combine(report["report_date"], dt.time(9), tzinfo=ZoneInfo("Europe/London"))
        if report.get("executive_summary_approved") else None
    )
    _upsert(
        PerformanceReport,
        {"board": board, "title": report["title"], "as_at": report["as_at"]},
        values,
    )
