"""Writes for KPI returns: saving figures, submitting, approving, sending back, RAG overrides.

DOMAIN.md: Performance ("KPI returns"). A return is one indicator's figures for
one period (the first day of a month). Its life: ``draft`` → ``submitted`` (by
an officer of the owning subgroup) → ``approved`` (by the board's chair or
clerk); only approved figures reach a published performance report. Sending
back returns it to ``draft`` with a reason. Changing anything on a submitted
or approved return sends it back to ``draft`` too, because the approval was of
the figures and commentary as they stood.

Every write records an audit entry (csp_portal.audit) whose ``detail`` is
``{field: [old, new]}`` with figures as strings ("12.00") so the history can
show who changed what and when.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from boards.access import (
    Capability,
    board_user_ids_allowing,
    capabilities_of,
    user_board_roles,
)
from csp_portal.audit import audit_entry_create, audit_value
from csp_portal.concurrency import EditConflict, version_claim
from indicators.models import Indicator, IndicatorReturn, Rag
from indicators.performance import FinancialYear, period_label

RETURN_FIGURE_FIELDS = ("value", "fytd_reported", "london_change_pct")
RETURN_TEXT_FIELDS = (
    "london_comparator", "cohort_label", "performance_overview", "actions_to_improve",
)
RETURN_FIELDS = RETURN_FIGURE_FIELDS + RETURN_TEXT_FIELDS
"""The fields ``indicator_return_save`` accepts in ``values``."""



def _clean_return_values(values: dict[str, Any]) -> dict[str, Any]:
    """Normalise ``values`` through the model fields: Decimals for figures, stripped text.

    "" and None both mean "not reported" for figures; None means "" for text.
    Raises ValidationError ``{field: [message]}`` for a figure that is not a
    number or has too many digits; ValueError for a key not in RETURN_FIELDS.
    """
    unknown = set(values) - set(RETURN_FIELDS)
    if unknown:
        raise ValueError(f"Not a return field: {', '.join(sorted(unknown))}")
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, raw in values.items():
        field = IndicatorReturn._meta.get_field(name)
        if name in RETURN_FIGURE_FIELDS:
            if isinstance(raw, str):
                raw = raw.strip().replace(",", "")
            raw = None if raw in ("", None) else raw
        else:
            raw = "" if raw is None else str(raw).strip()
        try:
            value = field.clean(raw, None)
        except ValidationError as exc:
            errors[name] = exc.messages
            continue
        if isinstance(value, Decimal):
            value = value.quantize(Decimal("0.01"))
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_period(period: dt.date) -> dt.date:
    if isinstance(period, dt.datetime) or not isinstance(period, dt.date):
        raise ValidationError({"period": ["The period must be a date (the first of a month)."]})
    if period.day != 1:
        raise ValidationError(
            {"period": [f"The period must be the first day of a month, not {period:%d %B %Y}."]}
        )
    return period


def _reset_approval(ret: IndicatorReturn) -> None:
    ret.status = IndicatorReturn.Status.DRAFT
    ret.submitted_at = ret.submitted_by = None
    ret.approved_at = ret.approved_by = None
    ret.self_approval_reason = ""


def indicator_return_save(
    *, indicator: Indicator, period: dt.date, actor: Any, values: dict[str, Any],
    version: int | None = None,
) -> tuple[IndicatorReturn, bool]:
    """Create or update the return of ``indicator`` for ``period`` with ``values``.

    ``values`` maps some of RETURN_FIELDS to new values (figures as Decimal,
    int, numeric text or None; text as str). Returns ``(return, changed)``.
    Nothing is written, and no audit entry made, when every value equals what
    is stored: re-importing the same file changes nothing. When no return
    exists and every value is empty, nothing is created and the returned
    IndicatorReturn is unsaved (``pk`` None).

    One audit entry per save ("indicator_return.created" or ".updated") with
    ``detail = {field: [old, new]}``. A change to a submitted or approved
    return sends it back to draft (DOMAIN.md: only approved figures are
    published, so changed figures need approving again); the detail then also
    holds ``"status": [old, "draft"]``.

    ``version`` is the version of the return the editor read (0: there was none;
    csp_portal.concurrency); None (an import) skips the check. Every write moves
    the version on, so a grid opened before an import sees the import.

    Raises ValidationError for a period that is not the first of a month
    (``{"period": [...]}``) or a figure that is not a number (``{field: [...]}``),
    and EditConflict when the values differ from what is stored and someone else
    saved the return since ``version``.
    """
    _check_period(period)
    cleaned = _clean_return_values(values)
    with transaction.atomic():
        ret = (
            IndicatorReturn.objects.select_for_update()
            .filter(indicator=indicator, period=period)
            .first()
        )
        created = ret is None
        if created:
            ret = IndicatorReturn(indicator=indicator, period=period)
        changes = {
            name: [audit_value(getattr(ret, name)), audit_value(new)]
            for name, new in cleaned.items()
            if getattr(ret, name) != new
        }
        if not changes:
            return ret, False
        saved_version = 0 if created else ret.version
        if version is not None and version != saved_version:
            raise EditConflict(obj=None if created else ret, expected_version=version,
                               current_version=saved_version)
        if not created:
            version_claim(obj=ret, expected_version=saved_version)
        for name in changes:
            setattr(ret, name, cleaned[name])
        old_status = ret.status
        if not created and old_status != IndicatorReturn.Status.DRAFT:
            _reset_approval(ret)
            changes["status"] = [old_status, IndicatorReturn.Status.DRAFT]
        try:
            with transaction.atomic():
                ret.save()
        except IntegrityError as exc:
            # Someone else created this period's return since it was read.
            if not created:
                raise
            raise EditConflict(obj=None, expected_version=version or 0,
                               current_version=1) from exc
        summary = f"{indicator.reference} {period_label(period)}: "
        summary += "return created" if created else "return changed"
        if "status" in changes:
            summary += f" ({old_status} return sent back to draft)"
        audit_entry_create(
            obj=ret,
            action="indicator_return.created" if created else "indicator_return.updated",
            actor=actor,
            summary=summary,
            detail=changes,
        )
    return ret, True


def _require_capability(actor: Any, board, capability: Capability) -> None:
    if capability not in capabilities_of(user_board_roles(actor, board)):
        raise PermissionDenied(f"Your role on {board} does not allow this.")


def return_is_reportable(ret: IndicatorReturn) -> bool:
    """True when the return has something to report: a figure, or, for an indicator kept
    for monitoring, a London comparator or commentary (hate crime is reported by strand in
    words only; see indicators/demo_data/indicators.yaml, indicator 15)."""
    if ret.value is not None or ret.fytd_reported is not None:
        return True
    monitoring = ret.indicator.target_type == Indicator.TargetType.MONITORING
    return monitoring and bool(ret.london_comparator or ret.performance_overview)


def indicator_return_submit(*, indicator_return: IndicatorReturn, actor: Any) -> IndicatorReturn:
    """Submit a draft return for approval: draft → submitted, stamping who and when.

    Raises ValidationError when the return is not a draft or has nothing to report
    (neither ``value`` nor ``fytd_reported``; for a monitoring indicator, commentary
    or a London comparator will do).
    """
    ret = indicator_return
    if ret.status != IndicatorReturn.Status.DRAFT:
        raise ValidationError(f"Only a draft return can be submitted; this one is {ret.status}.")
    if not return_is_reportable(ret):
        raise ValidationError("Enter a figure before submitting the return.")
    ret.status = IndicatorReturn.Status.SUBMITTED
    ret.submitted_at = timezone.now()
    ret.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    ret.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_entry_create(
        obj=ret,
        action="indicator_return.submitted",
        actor=actor,
        summary=f"{ret.indicator.reference} {period_label(ret.period)}: submitted for approval",
        detail={"status": ["draft", "submitted"]},
    )
    return ret


def other_approvers(*, indicator_return: IndicatorReturn, actor: Any) -> set[int]:
    """Primary keys of the users other than ``actor`` who may approve the return (the chairs
    and clerks of its indicator's board, not counting staff)."""
    approvers = board_user_ids_allowing(indicator_return.indicator.board,
                                        Capability.APPROVE_RETURNS)
    return approvers - {getattr(actor, "pk", None)}


def indicator_return_approve(
    *, indicator_return: IndicatorReturn, actor: Any, self_approval_reason: str = ""
) -> IndicatorReturn:
    """Approve a submitted return (submitted → approved) so the report may use it.

    Only the chair or clerk of the indicator's board may (APPROVE_RETURNS):
    PermissionDenied otherwise. ValidationError unless the return is submitted.

    Separation of duties: the person who submitted a return may not approve it
    (ValidationError, naming the rule) while the board has another approver
    (other_approvers). When it has none they may, with
    ``self_approval_reason``, which is kept on the return and in the audit
    entry (ValidationError ``{"self_approval_reason": [...]}`` without one).
    """
    ret = indicator_return
    _require_capability(actor, ret.indicator.board, Capability.APPROVE_RETURNS)
    if ret.status != IndicatorReturn.Status.SUBMITTED:
        raise ValidationError(
            f"Only a submitted return can be approved; this one is {ret.status}."
        )
    reason = ""
    if ret.submitted_by_id is not None and ret.submitted_by_id == actor.pk:
        if other_approvers(indicator_return=ret, actor=actor):
            raise ValidationError(
                "You submitted this return, so another chair or clerk of the board must "
                "approve it.", code="separation_of_duties",
            )
        reason = (self_approval_reason or "").strip()
        if not reason:
            raise ValidationError({"self_approval_reason": [
                "You submitted this return and the board has no other approver: enter why "
                "you are approving it yourself."
            ]})
    ret.status = IndicatorReturn.Status.APPROVED
    ret.approved_at = timezone.now()
    ret.approved_by = actor
    ret.self_approval_reason = reason
    ret.save(update_fields=["status", "approved_at", "approved_by", "self_approval_reason",
                            "updated_at"])
    detail: dict[str, Any] = {"status": ["submitted", "approved"]}
    if reason:
        detail |= {"self_approved": True, "reason": reason}
    audit_entry_create(
        obj=ret,
        action="indicator_return.approved",
        actor=actor,
        summary=f"{ret.indicator.reference} {period_label(ret.period)}: approved"
        + (" by the person who submitted it" if reason else ""),
        detail=detail,
    )
    return ret


def indicator_return_send_back(
    *, indicator_return: IndicatorReturn, actor: Any, reason: str
) -> IndicatorReturn:
    """Send a submitted or approved return back to draft, saying why.

    Chair or clerk only (PermissionDenied). ValidationError
    ``{"reason": [...]}`` for an empty reason; ValidationError for a draft.
    """
    ret = indicator_return
    _require_capability(actor, ret.indicator.board, Capability.APPROVE_RETURNS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Enter why the return is being sent back."]})
    if ret.status == IndicatorReturn.Status.DRAFT:
        raise ValidationError("This return is already a draft.")
    old_status = ret.status
    _reset_approval(ret)
    # Named fields only: a whole-row save of this instance could put back an older version.
    ret.save(update_fields=["status", "submitted_at", "submitted_by", "approved_at",
                            "approved_by", "self_approval_reason", "updated_at"])
    audit_entry_create(
        obj=ret,
        action="indicator_return.sent_back",
        actor=actor,
        summary=f"{ret.indicator.reference} {period_label(ret.period)}: sent back to draft",
        detail={"status": [old_status, "draft"], "reason": reason},
    )
    return ret


def indicator_return_override_rag(
    *, indicator_return: IndicatorReturn, actor: Any, rag: str, reason: str
) -> IndicatorReturn:
    """Set (or with ``rag=""`` clear) the board's RAG override on a return.

    ``rag`` is a Rag value ("R", "A", "G", "X") or "". DOMAIN.md: an override
    is the board's decision and always has its reason printed, so ``reason``
    is required when setting one (ValidationError ``{"reason": [...]}``).
    Chair or clerk only (PermissionDenied). No write when nothing changes.
    """
    ret = indicator_return
    _require_capability(actor, ret.indicator.board, Capability.APPROVE_RETURNS)
    rag = (rag or "").strip()
    reason = (reason or "").strip()
    if rag and rag not in Rag.values:
        raise ValidationError({"rag": [f"{rag!r} is not a RAG rating."]})
    if rag and not reason:
        raise ValidationError({"reason": ["Enter the reason for overriding the RAG rating."]})
    if not rag:
        reason = ""
    changes = {
        name: [getattr(ret, name), new]
        for name, new in (("rag_override", rag), ("rag_override_reason", reason))
        if getattr(ret, name) != new
    }
    if not changes:
        return ret
    ret.rag_override, ret.rag_override_reason = rag, reason
    ret.save(update_fields=["rag_override", "rag_override_reason", "updated_at"])
    label = Rag(rag).label if rag else "none"
    audit_entry_create(
        obj=ret,
        action="indicator_return.rag_overridden" if rag else "indicator_return.override_cleared",
        actor=actor,
        summary=f"{ret.indicator.reference} {period_label(ret.period)}: RAG override {label}",
        detail=changes,
    )
    return ret


def _year_returns(indicator: Indicator, year: FinancialYear, status: str):
    return IndicatorReturn.objects.select_related("indicator__board").filter(
        indicator=indicator, period__range=(year.start, year.end), status=status
    )


def indicator_returns_submit(
    *, indicator: Indicator, year: FinancialYear, actor: Any
) -> list[IndicatorReturn]:
    """Submit every draft return of ``indicator`` in ``year`` that has a figure.

    Returns the submitted returns (possibly none); one audit entry each.
    """
    drafts = [r for r in _year_returns(indicator, year, "draft") if return_is_reportable(r)]
    with transaction.atomic():
        return [indicator_return_submit(indicator_return=r, actor=actor) for r in drafts]


def indicator_returns_approve(
    *, indicator: Indicator, year: FinancialYear, actor: Any, self_approval_reason: str = ""
) -> list[IndicatorReturn]:
    """Approve every submitted return of ``indicator`` in ``year`` (chair or clerk only),
    each under indicator_return_approve's separation of duties: all or none."""
    _require_capability(actor, indicator.board, Capability.APPROVE_RETURNS)
    with transaction.atomic():
        return [
            indicator_return_approve(indicator_return=r, actor=actor,
                                     self_approval_reason=self_approval_reason)
            for r in _year_returns(indicator, year, "submitted")
        ]


@transaction.atomic
def indicator_returns_approve_selected(
    *, board, returns: list[IndicatorReturn], actor: Any
) -> list[IndicatorReturn]:
    """Approve many submitted returns of ``board``'s indicators at once, all or none.

    Each is approved by ``indicator_return_approve``, so each is checked and audited on
    its own. Raises ValidationError naming every return that is not ``board``'s or not
    submitted (nothing is approved then), and PermissionDenied as that function does.
    """
    wrong = [
        f"{r.indicator.reference} {period_label(r.period)} is "
        + ("another board's" if r.indicator.board_id != board.pk else r.status)
        for r in returns
        if r.indicator.board_id != board.pk or r.status != IndicatorReturn.Status.SUBMITTED
    ]
    if wrong:
        raise ValidationError([f"Only submitted returns can be approved: {w}" for w in wrong])
    return [indicator_return_approve(indicator_return=r, actor=actor) for r in returns]
