"""Subgroup update reports: the clerk's request pages and a subgroup's own report pages.

Who holds what on VAWG (world.subgroup, under bd-csp), by boards.access: the
clerk of bd-csp is a clerk of VAWG too (the business manager runs its
subgroups' business), while bd-csp's officer and chair are only members of
VAWG. So SUBMIT_REPORT on VAWG, which the report pages need, is the clerk's
alone among these visitors: VAWG's own officers are covered by
tests/test_views_subgroup_report_edit.py. The report of the published meeting
(5 days ago) is read-only, the meeting having been held: its GET is 200 for
the clerk and a POST to it is 403.
"""
import datetime as dt

from django.utils import timezone

from subgroups.models import SubgroupReport

from . import CLERK_ONLY, Case, meeting_kwargs

ONLY_CLERK_ACTS = (302, 403, 403, 403, 302)  # a POST that succeeds redirects back
CLERK_RESHOWS_FORM = (302, 403, 403, 403, 200)  # an empty POST re-shows the form's errors
CLERK_NOT_FOUND = (302, 403, 403, 403, 404)
CLERK_REFUSED = (302, 403, 403, 403, 403)
NOT_A_SUBGROUP = (302, 403, 404, 404, 404)  # bd-csp's officers may submit, but not here


def extend_world(world) -> None:
    """Add ``subgroups_requested_report``: VAWG asked for a report to the planned meeting."""
    meeting_day = timezone.localdate(world.planned.start)
    world.subgroups_requested_report = SubgroupReport.objects.create(
        meeting=world.planned, subgroup=world.subgroup, agenda_item=None,
        status=SubgroupReport.Status.REQUESTED, deadline=meeting_day - dt.timedelta(days=7),
    )


def _requested(w) -> dict:
    return {"slug": w.subgroup.slug, "report_pk": w.subgroups_requested_report.pk}


def _verbal(w, meeting: str = "planned") -> dict:
    return {**meeting_kwargs(w, meeting), "report_pk": w.subgroups_requested_report.pk}


EXPECTED: dict[str, list[Case]] = {
    "subgroups:report_requests": [
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), CLERK_ONLY),
        Case("published meeting", lambda w: meeting_kwargs(w), CLERK_ONLY),
        Case("empty request", lambda w: meeting_kwargs(w, "planned"), CLERK_RESHOWS_FORM,
             method="post"),
        Case("meeting of another board (VAWG's clerk)",
             lambda w: {"slug": w.subgroup.slug, "pk": w.planned.pk}, CLERK_NOT_FOUND),
    ],
    "subgroups:report_mark_verbal": [
        Case("by GET is refused", _verbal, (302, 403, 403, 403, 405)),
        Case("requested report", _verbal, ONLY_CLERK_ACTS, method="post"),
        Case("report of another meeting", lambda w: _verbal(w, "published"), CLERK_NOT_FOUND,
             method="post"),
    ],
    "subgroups:report_list": [
        Case("subgroup (VAWG)", lambda w: {"slug": w.subgroup.slug}, CLERK_ONLY),
        Case("board with no parent", lambda w: {"slug": w.board.slug}, NOT_A_SUBGROUP),
    ],
    "subgroups:report_edit": [
        Case("requested report", _requested, CLERK_ONLY),
        Case("restricted report of a held meeting",
             lambda w: {"slug": w.subgroup.slug, "report_pk": w.subgroup_report.pk},
             CLERK_ONLY),
        Case("empty save", _requested, CLERK_RESHOWS_FORM, method="post"),
        Case("change to a held meeting's report",
             lambda w: {"slug": w.subgroup.slug, "report_pk": w.subgroup_report.pk},
             CLERK_REFUSED, method="post"),
        Case("VAWG's report under bd-csp",
             lambda w: {"slug": w.board.slug, "report_pk": w.subgroups_requested_report.pk},
             NOT_A_SUBGROUP),
    ],
}
