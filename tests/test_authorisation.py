"""Every URL of the project against the access rules, for five kinds of visitor.

The expected statuses live in tests/access_cases/ (one module per area). A URL
pattern with no entry there fails the test, so a new page cannot ship without
its access rule being decided. See boards/access.py and DOMAIN.md: Publication
and access rules.
"""
import datetime as dt
import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from boards.access import (
    ACCESS_BOARD,
    ACCESS_BOARD_PERMISSION,
    ACCESS_LOGIN,
    ACCESS_PUBLIC,
)
from boards.models import Meeting, Membership, PackRender, SecurityClassification
from subgroups.models import SubgroupReport
from tests import access_cases
from tests.access_cases import VISITORS, Case
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    MinuteFactory,
    PaperFactory,
    PaperSectionFactory,
    PersonFactory,
    SubgroupFactory,
    SubgroupReportFactory,
    UserFactory,
)

SKIPPED_NAMESPACES = {"admin"}

CANARIES = {
    "restricted paper section": "CANARY-PAPER-7f3a",
    "restricted item description": "CANARY-ITEM-b21c",
    "restricted sub-item description": "CANARY-SUBITEM-5d0e",
    "minute of a restricted item": "CANARY-MINUTE-3e8f",
    "paper under restricted item": "CANARY-ITEMPAPER-99e1",
    "restricted subgroup report": "CANARY-REPORT-c4d2",
    "members' pack file": "CANARY-PACK-0a6b",
}

AREA_MODULES = [
    importlib.import_module(f"tests.access_cases.{info.name}")
    for info in pkgutil.iter_modules(access_cases.__path__)
]


def _merged_expected() -> dict[str, list[Case]]:
    merged: dict[str, list[Case]] = {}
    for module in AREA_MODULES:
        for name, cases in module.EXPECTED.items():
            assert name not in merged, f"{name} has entries in two access_cases modules"
            merged[name] = cases
    return merged


EXPECTED = _merged_expected()
CASES = [(name, case) for name, cases in EXPECTED.items() for case in cases]


def _walk(patterns, namespace: str | None = None):
    """Yield (qualified name or None, pattern text, callback) for every URL pattern."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            if ns and namespace and entry.namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            text = str(entry.pattern)
            if text.startswith(("static/", "media/", "^static/", "^media/")):
                continue
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, text, entry.callback


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """A fast password hasher for the many fixture users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user_with_role(username: str, board, role: str):
    user = UserFactory(username=username)
    person = PersonFactory(user=user, name=username.replace("-", " ").title())
    MembershipFactory(board=board, person=person, role=role)
    return user


@pytest.fixture
def world(db):
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    subgroup = SubgroupFactory(name="VAWG", slug="vawg", parent=board)
    now = timezone.now()
    published = MeetingFactory(
        board=board, start=now - dt.timedelta(days=5), status=Meeting.Status.AGENDA_PUBLISHED
    )
    planned = MeetingFactory(
        board=board, start=now + dt.timedelta(days=60), status=Meeting.Status.PLANNED
    )

    item = AgendaItemFactory(meeting=published, position=1, title="Performance")
    open_paper = PaperFactory(agenda_item=item, title="Performance report", position=1)
    PaperSectionFactory(paper=open_paper, body="Burglary is up 26.1%.")
    restricted_paper = PaperFactory(
        agenda_item=item, title="Offender management cohort", position=2,
        security=SecurityClassification.RESTRICTED, exempt_paragraph=7,
    )
    PaperSectionFactory(paper=restricted_paper, body=CANARIES["restricted paper section"])
    report = SubgroupReportFactory(
        meeting=published, subgroup=subgroup, agenda_item=item,
        security=SecurityClassification.RESTRICTED, exempt_paragraph=1,
        brief_update=CANARIES["restricted subgroup report"],
        status=SubgroupReport.Status.SUBMITTED,
    )
    private = AgendaItemFactory(
        meeting=published, position=2, title="Private business: case review",
        description=CANARIES["restricted item description"], is_restricted=True,
        exempt_paragraph=1,
    )
    MinuteFactory(agenda_item=private, text=CANARIES["minute of a restricted item"])
    AgendaItemFactory(
        meeting=published, parent=private, position=1, title="Family details",
        description=CANARIES["restricted sub-item description"],
    )
    item_paper = PaperFactory(agenda_item=private, title="Case review report")
    PaperSectionFactory(paper=item_paper, body=CANARIES["paper under restricted item"])

    planned_item = AgendaItemFactory(meeting=planned, position=1, title="Draft strategy")
    planned_paper = PaperFactory(agenda_item=planned_item, title="Draft strategy paper")

    for meeting in (published, planned):
        for edition, content in (
            (PackRender.Edition.PUBLIC, b"%PDF public pack"),
            (PackRender.Edition.MEMBERS, b"%PDF " + CANARIES["members' pack file"].encode()),
        ):
            render = PackRender(
                meeting=meeting, edition=edition, status=PackRender.Status.READY,
                page_count=1, size_bytes=len(content), finished_at=now,
            )
            render.file.save(f"{edition}.pdf", ContentFile(content), save=False)
            render.save()

    action = ActionFactory(raised_at=published, raised_under=item, number=1)

    elsewhere = BoardFactory(slug="elsewhere", name="Elsewhere Board")
    users = {
        "anonymous": None,
        "other_officer": _user_with_role("other-officer", elsewhere, Membership.Role.OFFICER),
        "officer": _user_with_role("officer", board, Membership.Role.OFFICER),
        "chair": _user_with_role("chair", board, Membership.Role.CHAIR),
        "clerk": _user_with_role("clerk", board, Membership.Role.CLERK),
        "subgroup_member": _user_with_role("subgroup-member", subgroup, Membership.Role.MEMBER),
    }
    action.lead_people.add(users["officer"].person)
    world = SimpleNamespace(
        board=board, subgroup=subgroup, elsewhere=elsewhere, published=published,
        planned=planned, item=item, private_item=private, open_paper=open_paper,
        restricted_paper=restricted_paper, item_paper=item_paper, planned_paper=planned_paper,
        subgroup_report=report, action=action, users=users,
    )
    for module in AREA_MODULES:
        if hasattr(module, "extend_world"):
            module.extend_world(world)
    return world


def _request(client, world, role: str, name: str, case: Case):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=case.kwargs(world))
    if case.method == "post":
        return client.post(url, case.data(world) if case.data else {})
    return client.get(url, case.query(world) if case.query else None)


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    # Search snippets mark the words found, which would split a canary in two.
    return raw.decode("utf-8", errors="replace").replace("<mark>", "").replace("</mark>", "")


def test_every_url_pattern_has_an_entry_in_the_expected_table():
    found = list(_walk(get_resolver().url_patterns))
    unnamed = [text for name, text, _ in found if not name]
    assert not unnamed, f"URL patterns without a name: {unnamed}"
    names = {name for name, _, _ in found}
    assert names - EXPECTED.keys() == set(), "URL patterns with no expected statuses"
    assert EXPECTED.keys() - names == set(), "expected statuses for URL patterns that are gone"


def test_every_view_declares_one_access_rule():
    rules = {ACCESS_PUBLIC, ACCESS_LOGIN, ACCESS_BOARD, ACCESS_BOARD_PERMISSION}
    undeclared = [
        name for name, _, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "access_rule", None) not in rules
    ]
    assert undeclared == []


def _status_failure(client, world, role: str, name: str, case: Case) -> str | None:
    """What is wrong with ``role``'s answer to one case, or None when it is as expected.

    The request runs in a savepoint that is rolled back and with an empty cache, so a case
    (a POST above all) leaves nothing behind for the next: each sees the world as built.
    """
    cache.clear()
    mail.outbox = []
    where = f"{name} [{case.label}] as {role}"
    try:
        with transaction.atomic():
            response = _request(client, world, role, name, case)
            transaction.set_rollback(True)
    except Exception as exc:  # every case is reported, not just the first
        return f"{where}: raised {exc!r}"
    expected = case.status_for(role)
    if response.status_code != expected:
        return f"{where}: {response.status_code}, expected {expected}"
    if response.status_code == 302 and role == "anonymous" and case.statuses.count(302) == 1:
        if not response["Location"].startswith(reverse("login") + "?next="):
            return f"{where}: redirected to {response['Location']}, not the sign-in page"
    return None


@pytest.mark.parametrize("role", VISITORS)
def test_status_codes(world, role):
    """Every URL x case for one visitor: each gets the status in its Case row (and an
    anonymous visitor's lone 302 goes to the sign-in page). All failures are listed."""
    assert CASES
    failures = [failure for name, case in CASES
                if (failure := _status_failure(Client(), world, role, name, case))]
    assert not failures, f"{len(failures)} of {len(CASES)} cases failed:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", ["anonymous", "other_officer", "subgroup_member"])
def test_restricted_canaries_never_reach_a_non_member(client, world, role):
    fetched = 0
    for name, case in CASES:
        if case.method != "get":
            continue
        body = _body(_request(client, world, role, name, case))
        fetched += 1
        for where, canary in CANARIES.items():
            assert canary not in body, f"{where} leaked on {name} [{case.label}]"
    assert fetched > 0


def test_members_do_see_the_canaries(client, world):
    client.force_login(world.users["officer"])
    meeting_kwargs = {"slug": world.board.slug, "pk": world.published.pk}
    pages = [
        _body(client.get(reverse("boards:meeting_detail", kwargs=meeting_kwargs))),
        _body(client.get(reverse(
            "boards:paper_detail", kwargs={**meeting_kwargs, "paper_pk": world.restricted_paper.pk}
        ))),
        _body(client.get(reverse(
            "boards:paper_detail", kwargs={**meeting_kwargs, "paper_pk": world.item_paper.pk}
        ))),
        _body(client.get(reverse("boards:members_pack_download", kwargs=meeting_kwargs))),
    ]
    seen = "\n".join(pages)
    for where, canary in CANARIES.items():
        if where == "minute of a restricted item":
            continue  # shown by the minutes pages, which have their own tests
        assert canary in seen, f"{where} not shown to a member"


SEARCHABLE_CANARIES = (
    "restricted paper section", "restricted item description",
    "restricted sub-item description", "minute of a restricted item",
    "paper under restricted item",
)


def test_members_find_the_canaries_by_search(client, world):
    """The search cases (tests/access_cases/search.py) would prove nothing if search could
    not find the canaries at all: a member finds each."""
    client.force_login(world.users["officer"])
    for where in SEARCHABLE_CANARIES:
        body = _body(client.get(reverse("search:search"), {"q": CANARIES[where].lower()}))
        assert CANARIES[where] in body, f"{where} not found by a member's search"


@pytest.mark.parametrize("role", ["anonymous", "clerk"])
def test_every_page_has_a_content_security_policy_and_no_inline_script(client, world, role):
    """Every HTML page the cases fetch: the CSP header (django-csp), and scripts only by src."""
    import re

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    pages = 0
    for name, case in CASES:
        if case.method != "get":
            continue
        response = _request(client, world, role, name, case)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, f"{name} [{case.label}]: {policy!r}"
        assert not inline.search(_body(response)), f"inline script on {name} [{case.label}]"
    assert pages > 20
