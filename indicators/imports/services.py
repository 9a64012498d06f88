"""Saving an imported returns file (DOMAIN.md: Performance, "KPI returns").

The rows come checked from ``indicators.imports.checks.check_returns``; every one is
saved through ``indicators.returns.services.indicator_return_save`` so an import audits,
and sends changed approved returns back to draft, exactly as the return form does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from boards.models import Board
from csp_portal.audit import audit_entry_create
from indicators.models import IndicatorReturn
from indicators.returns.services import (
    indicator_return_save,
    indicator_return_submit,
    return_is_reportable,
)

from .checks import ReturnRow


@dataclass(frozen=True)
class ImportOutcome:
    """How many returns an import created, updated and left unchanged, and how many it
    submitted for approval (``not_submitted``: drafts left as drafts, having no figure)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    submitted: int = 0
    not_submitted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.submitted)

    def summary(self) -> str:
        """``"3 returns created, 1 updated, 0 unchanged"`` and what was submitted."""
        noun = "return" if self.created == 1 else "returns"
        text = f"{self.created} {noun} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.submitted:
            text += f"; {self.submitted} submitted for approval"
        if self.not_submitted:
            text += f"; {self.not_submitted} left as draft with no figure to submit"
        return text


def indicator_returns_import(
    *, board: Board, rows: list[ReturnRow], actor: Any, submit: bool, file_name: str = ""
) -> ImportOutcome:
    """Save every checked row in one transaction; with ``submit``, submit the drafts.

    All or nothing: an exception from a save rolls every row back. A row whose
    values equal the stored return changes nothing and writes no audit entry, so
    importing the same file twice changes nothing the second time. With
    ``submit``, each imported return that is a draft with a figure is submitted
    for approval (``indicator_return_submit``); one without a figure stays a draft.
    One further audit entry on ``board`` ("indicator_returns.imported") names the
    file and the counts when anything changed. Raises ValidationError from the
    services, which the checks make unlikely.

    Locks are taken in one fixed order whatever the file's row order: first every
    stored return the file touches, by primary key, then the rows are written by
    (indicator, period). Two imports of the same returns in opposite orders so wait
    for each other instead of deadlocking on PostgreSQL.
    """
    counts = dict(created=0, updated=0, unchanged=0, submitted=0, not_submitted=0)
    with transaction.atomic():
        existing = set(
            IndicatorReturn.objects.select_for_update()
            .filter(indicator__in={row.indicator.pk for row in rows},
                    period__in={row.period for row in rows})
            .order_by("pk")
            .values_list("indicator_id", "period")
        )
        for row in sorted(rows, key=lambda r: (r.indicator.pk, r.period)):
            ret, changed = indicator_return_save(
                indicator=row.indicator, period=row.period, actor=actor, values=row.values
            )
            if not changed:
                counts["unchanged"] += 1
            elif (row.indicator.pk, row.period) in existing:
                counts["updated"] += 1
            else:
                counts["created"] += 1
            if not submit or ret.pk is None or ret.status != IndicatorReturn.Status.DRAFT:
                continue
            if not return_is_reportable(ret):
                counts["not_submitted"] += 1
                continue
            indicator_return_submit(indicator_return=ret, actor=actor)
            counts["submitted"] += 1
        outcome = ImportOutcome(**counts)
        if outcome.changed:
            audit_entry_create(
                obj=board,
                action="indicator_returns.imported",
                actor=actor,
                summary=f"Returns imported from {file_name or 'a file'}: {outcome.summary()}",
                detail={"file": file_name, **counts},
            )
    return outcome
