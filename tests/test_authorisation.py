"""Every URL of the project against the access rules, for four kinds of visitor.

EXPECTED holds, for each named URL pattern outside the admin, the status code
each visitor gets for each fixture object. A pattern with no entry fails the
test, so a new page cannot ship without its access rule being decided here.
See boards/access.py and DOMAIN.md: Publication and access rules.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from boards.access import ACCESS_BOARD, ACCESS_BOARD_MEMBERS, ACCESS_PUBLIC
from boards.models import Meeting, PackRender, SecurityClassification
from subgroups.models import SubgroupReport
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PaperSectionFactory,
    PersonFactory,
    SubgroupFactory,
    SubgroupReportFactory,
    UserFactory,
)

ROLES = ("anonymous", "non_member", "member", "staff")
SKIPPED_NAMESPACES = {"admin"}

CANARIES = {
    "restricted paper section": "CANARY-PAPER-7f3a",
    "restricted item description": "CANARY-ITEM-b21c",
    "restricted sub-item description": "CANARY-SUBITEM-5d0e",
    "paper under restricted item": "CANARY-ITEMPAPER-99e1",
    "restricted subgroup report": "CANARY-REPORT-c4d2",
    "members' pack file": "CANARY-PACK-0a6b",
}


@dataclass(frozen=True)
class Case:
    """One fixture object for a URL pattern and the status each role gets, in ROLES order."""

    label: str
    kwargs: Callable[[SimpleNamespace], dict]
    statuses: tuple[int, int, int, int]


def _meeting(w, meeting_name: str) -> dict:
    meeting = getattr(w, meeting_name)
    return {"slug": meeting.board.slug, "pk": meeting.pk}


EXPECTED: dict[str, list[Case]] = {
    "healthz": [Case("health check", lambda w: {}, (200, 200, 200, 200))],
    "boards:board_list": [Case("all boards", lambda w: {}, (200, 200, 200, 200))],
    "boards:board_detail": [
        Case("partnership board", lambda w: {"slug": w.board.slug}, (200, 200, 200, 200)),
        Case("subgroup", lambda w: {"slug": w.subgroup.slug}, (200, 200, 200, 200)),
    ],
    "boards:meeting_detail": [
        Case("published meeting", lambda w: _meeting(w, "published"), (200, 200, 200, 200)),
        Case("planned meeting", lambda w: _meeting(w, "planned"), (404, 404, 200, 200)),
    ],
    "boards:paper_detail": [
        Case("unrestricted paper", lambda w: {**_meeting(w, "published"),
                                              "paper_pk": w.open_paper.pk},
             (200, 200, 200, 200)),
        Case("restricted paper", lambda w: {**_meeting(w, "published"),
                                            "paper_pk": w.restricted_paper.pk},
             (404, 404, 200, 200)),
        Case("paper under restricted item", lambda w: {**_meeting(w, "published"),
                                                       "paper_pk": w.item_paper.pk},
             (404, 404, 200, 200)),
        Case("paper of a planned meeting", lambda w: {**_meeting(w, "planned"),
                                                      "paper_pk": w.planned_paper.pk},
             (404, 404, 200, 200)),
    ],
    "boards:public_pack_download": [
        Case("published meeting", lambda w: _meeting(w, "published"), (200, 200, 200, 200)),
        Case("planned meeting", lambda w: _meeting(w, "planned"), (404, 404, 200, 200)),
    ],
    "boards:members_pack_download": [
        Case("published meeting", lambda w: _meeting(w, "published"), (302, 403, 200, 200)),
        Case("planned meeting", lambda w: _meeting(w, "planned"), (302, 403, 200, 200)),
    ],
    "actions:action_log": [
        Case("partnership board", lambda w: {"slug": w.board.slug}, (302, 403, 200, 200)),
        Case("subgroup (member of the parent)", lambda w: {"slug": w.subgroup.slug},
             (302, 403, 200, 200)),
    ],
}

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
    SubgroupReportFactory(
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

    ActionFactory(raised_at=published, number=1)

    non_member = UserFactory(username="non-member")
    MembershipFactory(board=BoardFactory(slug="elsewhere"), person=PersonFactory(user=non_member))
    member = UserFactory(username="member")
    MembershipFactory(board=board, person=PersonFactory(user=member))
    staff = UserFactory(username="staff", is_staff=True)
    return SimpleNamespace(
        board=board, subgroup=subgroup, published=published, planned=planned,
        open_paper=open_paper, restricted_paper=restricted_paper, item_paper=item_paper,
        planned_paper=planned_paper,
        users={"anonymous": None, "non_member": non_member, "member": member, "staff": staff},
    )


def _get(client, world, role: str, name: str, case: Case):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, kwargs=case.kwargs(world)))


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", errors="replace")


def test_every_url_pattern_has_an_entry_in_the_expected_table():
    found = list(_walk(get_resolver().url_patterns))
    unnamed = [text for name, text, _ in found if not name]
    assert not unnamed, f"URL patterns without a name: {unnamed}"
    names = {name for name, _, _ in found}
    assert names - EXPECTED.keys() == set(), "URL patterns with no expected statuses"
    assert EXPECTED.keys() - names == set(), "expected statuses for URL patterns that are gone"


def test_every_view_declares_one_access_rule():
    rules = {ACCESS_PUBLIC, ACCESS_BOARD, ACCESS_BOARD_MEMBERS}
    undeclared = [
        name for name, _, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "access_rule", None) not in rules
    ]
    assert undeclared == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}[{c.label}]" for n, c in CASES])
def test_status_codes(client, world, role, name, case):
    response = _get(client, world, role, name, case)
    assert response.status_code == case.statuses[ROLES.index(role)]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login") + "?next=")


@pytest.mark.parametrize("role", ["anonymous", "non_member"])
def test_restricted_canaries_never_reach_a_non_member(client, world, role):
    fetched = 0
    for name, case in CASES:
        body = _body(_get(client, world, role, name, case))
        fetched += 1
        for where, canary in CANARIES.items():
            assert canary not in body, f"{where} leaked on {name} [{case.label}]"
    assert fetched == len(CASES)


def test_members_do_see_the_canaries(client, world):
    client.force_login(world.users["member"])
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
        assert canary in seen, f"{where} not shown to a member"
