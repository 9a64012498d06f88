"""Every HTML page of the portal, on the demo data, through axe-core (WCAG 2.2 AA).

The pages come from the URL resolver, not a hand-made list: each URL pattern
outside the admin gets its kwargs from the demo (board bd-csp, the 28 March 2018
meeting and its papers, action numbers, indicator 1a, ...) or an entry in SKIP
saying why it is not a page (POST only, a download, a fragment). A new pattern
with neither fails, so a new page is swept or skipped on purpose.

One test per visitor: anonymous, the clerk of bd-csp (Jade Hodgson) and the chair
of the VAWG subgroup (Melody Williams). Each visits every URL; only 200 HTML
answers that did not redirect are checked (plus the first 403 and 404 page), the
rest are recorded and printed (run with -s to see the list). Every failure of
every page is collected, so one run reports them all. Besides axe's WCAG 2.2 AA
rules: a few of its best-practice rules (BEST_PRACTICE_RULES), exactly one h1, a
title naming the page (not just the portal), titles differing between pages, and
a visible focus on the first elements Tab reaches.
"""
import datetime as dt
import itertools
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import Action
from boards.models import (
    AgendaItem,
    ForwardPlanItem,
    Meeting,
    Membership,
    Organisation,
    Paper,
    Person,
)
from indicators.models import PerformanceReport
from notifications.sending import unsubscribe_token
from plans.models import Plan
from subgroups.models import SubgroupReport
from tests.browser.helpers import (
    BROWSER_PASSWORD,
    axe_violations,
    violations_message,
    wcag_violations,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SKIP = {
    "healthz": "JSON health check for the container",
    "session_extend": "POST only, called by the timeout warning's script",
    "form_draft": "JSON endpoint, called by the drafts script",
    "logout": "POST only",
    "boards:meetings_calendar": "iCalendar download",
    "boards:public_pack_download": "PDF download",
    "boards:members_pack_download": "PDF download",
    "boards:supplement_public_pack_download": "PDF download",
    "boards:supplement_members_pack_download": "PDF download",
    "boards:pack_status": "HTML fragment polled by the meeting page",
    "boards:pack_render_again": "POST only",
    "indicators:report_render_again": "POST only",
    "boards:agenda_item_move": "POST only",
    "subgroups:report_mark_verbal": "POST only",
    "indicators:import_template": "CSV/XLSX download",
    "indicators:report_download": "PDF download",
    "indicators:report_render_request": "POST only",
    "indicators:return_override_rag": "POST only",
    "indicators:return_approve": "POST only",
    "indicators:return_send_back": "POST only",
    "indicators:return_approve_selected": "POST only (its confirmation page is a POST's answer)",
    "partnerships:import_template": "XLSX download",
    "partnerships:board_workbook": "XLSX download",
    "actions:lead_search": "JSON for the lead type-ahead",
    "actions:action_completion_request": "POST only",
}

# axe-core rules outside WCAG's tags that still matter here: a th with no text, skipped
# heading levels, one main landmark and one h1.
BEST_PRACTICE_RULES = [
    "empty-table-header", "heading-order", "landmark-one-main", "landmark-unique",
    "page-has-heading-one",
]

# Pages the clerk of bd-csp must reach with a 200, or the sweep is not sweeping.
CLERK_MUST_SEE = {
    "boards:board_list", "boards:board_detail", "boards:meeting_detail", "boards:paper_detail",
    "boards:minutes_detail", "boards:minutes_record", "boards:agenda_edit",
    "boards:agenda_item_edit", "boards:meeting_create", "boards:forward_plan",
    "boards:forward_plan_item_edit", "actions:action_log", "actions:action_detail",
    "actions:my_actions", "subgroups:report_requests", "indicators:indicator_list",
    "indicators:dashboard", "indicators:indicator_summary", "indicators:return_grid",
    "plans:plan_detail", "plans:plan_edit", "plans:priority_edit", "boards:setup_home",
    "boards:setup_board", "boards:setup_membership_add", "boards:setup_membership_edit",
    "boards:setup_person_list", "partnerships:import", "actions:action_plan_add",
    "boards:minutes_record_item", "boards:agenda_pull_forward_plan", "boards:standard_agenda",
}
SUBGROUP_CHAIR_MUST_SEE = {"subgroups:report_list", "subgroups:report_edit"}
ANONYMOUS_MUST_SEE = {
    "login", "boards:board_list", "boards:board_detail", "boards:meeting_detail",
    "boards:paper_detail", "boards:minutes_detail", "boards:forward_plan",
    "plans:plan_list", "plans:plan_detail",
}


def _walk(patterns, namespace: str | None = None):
    """Yield (qualified name, pattern) for every named URL pattern outside the admin."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            if str(entry.pattern).startswith(("static/", "media/")):
                continue
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.pattern


def _demo() -> SimpleNamespace:
    """The demo objects whose keys fill the URL kwargs."""
    def meeting(slug: str, day: dt.date) -> Meeting:
        return Meeting.objects.get(board__slug=slug, start__date=day)

    march = meeting("bd-csp", dt.date(2018, 3, 28))
    planned = meeting("bd-csp", dt.date(2018, 6, 27))
    return SimpleNamespace(
        march=march,
        december=meeting("bd-csp", dt.date(2017, 12, 13)),
        september=meeting("bd-csp", dt.date(2017, 9, 12)),
        planned=planned,
        snb=meeting("safer-neighbourhood-board", dt.date(2018, 3, 8)),
        papers=list(Paper.objects.filter(agenda_item__meeting=march).order_by("pk")),
        march_item=AgendaItem.objects.filter(meeting=march, parent=None).order_by("position")[2],
        plan_item=ForwardPlanItem.objects.filter(board__slug="bd-csp").order_by("pk").first(),
        actions=list(Action.objects.filter(board__slug="bd-csp").order_by("number")),
        reports=list(SubgroupReport.objects.filter(meeting=march).order_by("pk")),
        vawg_report=SubgroupReport.objects.get(meeting=march, subgroup__slug="vawg"),
        performance_report=PerformanceReport.objects.order_by("pk").first(),
        plan=Plan.objects.get(board__slug="bd-csp"),
        membership=Membership.objects.filter(board__slug="bd-csp").order_by("pk").first(),
        person=Person.objects.get(name="Jade Hodgson"),
        organisation=Organisation.objects.order_by("pk").first(),
    )


def _kwargs_lists(d: SimpleNamespace) -> dict[str, list[dict]]:
    """URL kwargs per pattern name, where the generic choice (_generic) is not the page."""
    def m(meeting: Meeting, **extra) -> dict:
        return {"slug": meeting.board.slug, "pk": meeting.pk, **extra}

    closed = [a for a in d.actions if a.status != d.actions[0].status][:1]
    return {
        "boards:board_detail": [{"slug": s} for s in
                                ("bd-csp", "vawg", "safer-neighbourhood-board")],
        "boards:meeting_detail": [m(d.march), m(d.december), m(d.planned), m(d.snb)],
        "boards:minutes_detail": [m(d.december), m(d.september), m(d.snb)],
        "boards:minutes_record": [m(d.december), m(d.march)],
        "boards:minutes_confirm": [m(d.december)],
        "boards:minutes_record_item": [m(d.march, item_pk=d.march_item.pk)],
        "boards:agenda_pull_forward_plan": [m(d.planned)],
        "boards:agenda_edit": [m(d.march), m(d.planned)],
        "boards:agenda_item_add": [m(d.planned)],
        # Planned meetings of the demo have no agenda yet: the March items stand in.
        "boards:agenda_item_edit": [m(d.march, item_pk=d.march_item.pk)],
        "boards:agenda_item_delete": [m(d.march, item_pk=d.march_item.pk)],
        "boards:paper_add": [m(d.march, item_pk=d.march_item.pk)],
        "boards:meeting_publish": [m(d.planned)],
        "boards:forward_plan": [{"slug": "bd-csp"}, {"slug": "safer-neighbourhood-board"}],
        "boards:forward_plan_item_edit": [{"slug": "bd-csp", "item_pk": d.plan_item.pk}],
        "boards:forward_plan_item_delete": [{"slug": "bd-csp", "item_pk": d.plan_item.pk}],
        "actions:action_raise": [m(d.march)],
        "actions:action_detail": [{"slug": "bd-csp", "number": a.number}
                                  for a in d.actions[:1] + closed],
        "subgroups:report_list": [{"slug": "vawg"}],
        "subgroups:report_edit": [{"slug": "vawg", "report_pk": d.vawg_report.pk}],
        "indicators:return_grid": [{"slug": "bd-csp", "reference": "1a", "year": 2017}],
        "indicators:executive_summary_edit": [
            {"slug": "bd-csp", "report_pk": d.performance_report.pk}],
        **{name: [{"slug": "bd-csp", "pk": d.plan.pk}] for name in (
            "plans:plan_detail", "plans:plan_edit", "plans:plan_version_add",
            "plans:priority_add")},
        "plans:priority_edit": [{"slug": "bd-csp", "pk": d.plan.pk,
                                 "priority_pk": d.plan.priorities.get(code="1.2").pk}],
        "boards:setup_person_edit": [{"pk": d.person.pk}],
        "boards:setup_organisation_edit": [{"pk": d.organisation.pk}],
        "boards:setup_membership_edit": [{"slug": "bd-csp", "pk": d.membership.pk}],
        "boards:setup_membership_end": [{"slug": "bd-csp", "pk": d.membership.pk}],
        "notifications:unsubscribe": [{"token": unsubscribe_token(d.person)}],
        # A reset link that does not work (used or expired): the page says so.
        "password_reset_confirm": [{"uidb64": "MQ", "token": "expired-token"}],
    }


def _generic(key: str, d: SimpleNamespace) -> list | None:
    """Values for a kwarg by its name alone, or None when the name says too little."""
    return {
        "slug": ["bd-csp"],
        "pk": [d.march.pk],
        "paper_pk": [p.pk for p in d.papers],
        "item_pk": [d.march_item.pk],
        "number": [d.actions[0].number],
        "reference": ["1a"],
        "year": [2017],
    }.get(key)


def page_urls() -> tuple[list[tuple[str, str]], list[str]]:
    """([(pattern name, URL)], [pattern names neither filled nor in SKIP])."""
    demo = _demo()
    chosen = _kwargs_lists(demo)
    urls, unfilled = [], []
    for name, pattern in _walk(get_resolver().url_patterns):
        if name in SKIP:
            continue
        keys = list(pattern.converters)
        if name in chosen:
            kwargs_list = chosen[name]
        else:
            values = [_generic(key, demo) for key in keys]
            if any(v is None for v in values):
                unfilled.append(name)
                continue
            kwargs_list = [dict(zip(keys, combo, strict=True))
                           for combo in itertools.product(*values)]
        urls.extend((name, reverse(name, kwargs=kwargs)) for kwargs in kwargs_list)
    return urls, unfilled


@dataclass
class Sweep:
    """What one visitor's sweep saw: pages checked, pages passed over, and every failure."""

    checked: dict[str, str] = field(default_factory=dict)  # URL -> pattern name
    passed_over: dict[str, str] = field(default_factory=dict)  # URL -> why
    failures: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # URL -> <title>
    error_pages: set[int] = field(default_factory=set)  # statuses whose page was checked

    def report(self) -> str:
        lines = [f"checked {len(self.checked)} page(s):"]
        lines += [f"{url}: {self.titles[url]}" for url in sorted(self.checked)]
        lines += [f"not checked {len(self.passed_over)}:"]
        lines += [f"{url}: {why}" for url, why in sorted(self.passed_over.items())]
        return "\n".join(lines)


_FOCUS_STYLE = r"""() => {
  const s = getComputedStyle(document.activeElement);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !/^rgba\(.*,\s*0\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
  return {tag: document.activeElement.outerHTML.slice(0, 80),
          visible: outline || s.boxShadow !== 'none'};
}"""


def _check_focus(page, url: str, sweep: Sweep, presses: int = 12) -> None:
    """Tab through the first ``presses`` focusable elements; each must show a focus style."""
    page.goto(url)
    focused = 0
    for _ in range(presses):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_STYLE)
        if state["tag"].startswith("<body"):
            break  # past the last focusable element
        focused += 1
        if not state["visible"]:
            sweep.failures.append(f"{url}: no visible focus on {state['tag']}")
    if focused < 3:
        sweep.failures.append(f"{url}: Tab reached only {focused} element(s)")


def _visit(page, name: str, url: str, sweep: Sweep) -> None:
    response = page.goto(url)
    if response.request.redirected_from is not None:
        sweep.passed_over[url] = f"redirected to {page.url}"
        return
    content_type = response.headers.get("content-type", "")
    if response.status != 200 or not content_type.startswith("text/html"):
        sweep.passed_over[url] = f"{response.status} {content_type}"
        if response.status in (403, 404) and response.status not in sweep.error_pages:
            # The first "You cannot do this" and "Page not found" pages are checked too.
            sweep.error_pages.add(response.status)
            _check_page(page, url, sweep)
        return
    sweep.checked[url] = name
    _check_page(page, url, sweep)


def _check_page(page, url: str, sweep: Sweep) -> None:
    """axe's WCAG 2.2 AA rules and BEST_PRACTICE_RULES, one h1, a title naming the page.

    One axe run covers both sets of rules (what assert_accessible runs, and the extra
    rules); its violations are reported as the two would be.
    """
    violations = axe_violations(page, extra_rules=BEST_PRACTICE_RULES)
    wcag = wcag_violations(violations)
    if wcag:
        sweep.failures.append(violations_message(wcag, page.url))
    sweep.failures += [
        f"{url}: {v['id']} at " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in violations if v["id"] in BEST_PRACTICE_RULES
    ]
    h1s = page.locator("h1").count()
    if h1s != 1:
        sweep.failures.append(f"{url}: {h1s} h1 elements, not one")
    title = page.title()
    sweep.titles[url] = title
    heading = page.locator("h1").first.inner_text() if h1s else ""
    if title.split(" – ")[0].strip() in ("", "CSP Portal"):
        sweep.failures.append(f"{url}: title {title!r} does not name the page ({heading!r})")


def _sweep(page, focus_url: str) -> Sweep:
    urls, unfilled = page_urls()
    assert not unfilled, f"give these URL patterns demo kwargs or a SKIP reason: {unfilled}"
    sweep = Sweep()
    for name, url in urls:
        _visit(page, name, url, sweep)
    by_title: dict[str, list[str]] = {}
    for url, title in sweep.titles.items():
        by_title.setdefault(title, []).append(url)
    sweep.failures += [f"title {title!r} on {len(u)} pages: {', '.join(u)}"
                       for title, u in by_title.items() if len(u) > 1]
    _check_focus(page, focus_url, sweep)
    print(sweep.report())
    return sweep


def _demo_user(person_name: str):
    """A user who can sign in, linked to the demo's Person ``person_name``."""
    user = UserFactory(username=person_name.lower().replace(" ", "-"))
    user.set_password(BROWSER_PASSWORD)
    user.save()
    Person.objects.filter(name=person_name).update(user=user)
    return user


def _assert_swept(sweep: Sweep, must_see: set[str]) -> None:
    missing = must_see - set(sweep.checked.values())
    assert not missing, f"expected 200 pages not checked: {sorted(missing)}\n{sweep.report()}"
    assert not sweep.failures, "\n\n".join(sweep.failures)


def test_every_page_an_anonymous_visitor_sees(page):
    call_command("load_demo")
    sweep = _sweep(page, focus_url="/boards/bd-csp/")
    _assert_swept(sweep, ANONYMOUS_MUST_SEE)


def test_every_page_the_clerk_of_bd_csp_sees(page, sign_in):
    call_command("load_demo")
    sign_in(page, _demo_user("Jade Hodgson"))
    sweep = _sweep(page, focus_url="/boards/bd-csp/")
    _assert_swept(sweep, CLERK_MUST_SEE)


def test_every_page_the_chair_of_vawg_sees(page, sign_in):
    call_command("load_demo")
    sign_in(page, _demo_user("Melody Williams"))
    sweep = _sweep(page, focus_url="/boards/vawg/update-reports/")
    _assert_swept(sweep, SUBGROUP_CHAIR_MUST_SEE)
