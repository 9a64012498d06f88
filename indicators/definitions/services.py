"""Writes for indicator definitions: unit, target, thresholds and one-page summary blocks.

DOMAIN.md: Performance (units, target types, RAG thresholds). Every save is audited.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from csp_portal.audit import audit_entry_create, audit_value
from indicators.models import Indicator

INDICATOR_FIELDS = (
    "owning_subgroup", "reference", "position", "name", "short_name", "source", "definition",
    "how_it_works", "what_good_looks_like", "why_important", "issues_to_consider", "unit",
    "unit_label", "population_label", "frequency", "target_type", "target_text", "target_value",
    "target_lower", "target_upper", "green_threshold_pct", "red_threshold_pct", "lead",
    "lead_title", "in_development",
)
"""The fields ``indicator_create`` and ``indicator_update`` accept."""

_RATES = (Indicator.Unit.RATE_PER_1000, Indicator.Unit.RATE_PER_100000)


def indicator_definition_errors(values: dict[str, Any]) -> dict[str, str]:
    """What is missing or inconsistent in an indicator's unit and target, field → message.

    DOMAIN.md: Performance (units, target types): a rate names its population;
    a range needs lower < upper; a ceiling needs its value; a year-on-year
    reduction or increase needs both RAG thresholds. Monitoring and "in
    development" indicators need no target values.
    """
    errors: dict[str, str] = {}
    if values.get("unit") in _RATES and not (values.get("population_label") or "").strip():
        errors["population_label"] = 'Enter the population of the rate, e.g. "10-17 year olds"'
    if values.get("in_development"):
        return errors
    kind = values.get("target_type")
    lower, upper = values.get("target_lower"), values.get("target_upper")
    if kind == Indicator.TargetType.RANGE:
        if lower is None:
            errors["target_lower"] = "Enter the lower end of the range"
        if upper is None:
            errors["target_upper"] = "Enter the upper end of the range"
        if lower is not None and upper is not None and lower >= upper:
            errors["target_upper"] = "The upper end of the range must be more than the lower end"
    elif kind == Indicator.TargetType.CEILING and values.get("target_value") is None:
        errors["target_value"] = "Enter the most the year may reach (the ceiling)"
    elif kind in (Indicator.TargetType.REDUCTION, Indicator.TargetType.INCREASE):
        for name, what in (("green_threshold_pct", "Green"), ("red_threshold_pct", "Red")):
            if values.get(name) is None:
                errors[name] = f"Enter the {what} threshold in per cent"
    return errors


def _indicator_audit_detail(before: dict[str, Any], indicator: Indicator) -> dict[str, list]:
    changes = {}
    for name in INDICATOR_FIELDS:
        old, new = before.get(name), getattr(indicator, name)
        if name == "owning_subgroup":
            old, new = getattr(old, "name", old), getattr(new, "name", new)
        if old != new:
            changes[name] = [audit_value(old), audit_value(new)]
    return changes


def indicator_save(
    *, board, actor: Any, values: dict[str, Any], indicator: Indicator | None = None
) -> Indicator:
    """Create an indicator on ``board`` (``indicator`` None) or update ``indicator``.

    ``values`` maps INDICATOR_FIELDS to cleaned values. Raises ValidationError
    ``{field: [message]}`` for what ``indicator_definition_errors`` finds or a
    reference already used on the board. Audited ("indicator.created" /
    "indicator.updated", detail ``{field: [old, new]}``); no write when
    nothing changes.
    """
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValueError(f"Not an indicator field: {', '.join(sorted(unknown))}")
    created = indicator is None
    target = indicator or Indicator(board=board)
    before = {name: getattr(target, name, None) for name in INDICATOR_FIELDS} if not created else {}
    for name, value in values.items():
        setattr(target, name, value)
    merged = {name: getattr(target, name, None) for name in INDICATOR_FIELDS}
    errors = indicator_definition_errors(merged)
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    clash = Indicator.objects.filter(board=board, reference=target.reference)
    if target.pk:
        clash = clash.exclude(pk=target.pk)
    if clash.exists():
        raise ValidationError(
            {"reference": [f"{board} already has an indicator {target.reference}"]}
        )
    changes = _indicator_audit_detail(before, target)
    if not changes:
        return target
    target.save()
    audit_entry_create(
        obj=target,
        action="indicator.created" if created else "indicator.updated",
        actor=actor,
        summary=f"Indicator {target.reference} {'defined' if created else 'changed'}",
        detail=changes,
    )
    return target
