"""Papers, publishing, pack progress and supplementary agendas (boards.publishing)."""
from django.core.files.base import ContentFile
from django.utils import timezone

from boards.models import PackRender, SecurityClassification, SupplementaryAgenda
from boards.publishing.versions import paper_first_version_ensure, paper_version_add
from tests.factories import PaperFactory, PaperSectionFactory

from . import CLERK_ONLY, EVERYONE, MEMBERS_ONLY, MEMBERS_SEE, Case, meeting_kwargs

CLERK_ACTS = (302, 403, 403, 403, 302)  # the clerk's POST succeeds and redirects
CLERK_RESHOWN = (302, 403, 403, 403, 200)  # the clerk's POST re-shows the form with errors
CLERK_NOT_FOUND = (302, 403, 403, 403, 404)
NOBODY = (404, 404, 404, 404, 404)


def extend_world(world) -> None:
    """A published supplementary agenda 1 with ready packs, and an open one, 2, with a
    restricted late paper."""
    now = timezone.now()
    world.supplement = SupplementaryAgenda.objects.create(
        meeting=world.published, number=1, reason="Funding deadline", published_at=now
    )
    for edition, content in (
        (PackRender.Edition.PUBLIC, b"%PDF supplement public pack"),
        (PackRender.Edition.MEMBERS, b"%PDF supplement CANARY-PACK-0a6b"),
    ):
        render = PackRender(
            meeting=world.published, supplement=world.supplement, edition=edition,
            status=PackRender.Status.READY, page_count=1, size_bytes=len(content),
            finished_at=now,
        )
        render.file.save(f"supplement-{edition}.pdf", ContentFile(content), save=False)
        render.save()
    world.open_supplement = SupplementaryAgenda.objects.create(
        meeting=world.published, number=2, reason="Late analysis"
    )
    world.late_paper = PaperFactory(
        agenda_item=world.item, title="Late analysis", position=3,
        security=SecurityClassification.RESTRICTED, exempt_paragraph=7,
        supplement=world.open_supplement,
    )
    PaperSectionFactory(paper=world.late_paper, body="CANARY-PAPER-7f3a")
    # Published versions: the open paper as published and corrected, with a revision
    # waiting in the open supplement; the restricted papers as published.
    paper_first_version_ensure(paper=world.open_paper)
    world.open_paper.title = "Performance report (corrected)"
    world.open_paper.save()
    paper_version_add(paper=world.open_paper, actor=None, kind="correction", reason="Typo")
    paper_version_add(paper=world.open_paper, actor=None, kind="supplement",
                      reason="New figures", supplement=world.open_supplement)
    paper_first_version_ensure(paper=world.restricted_paper)
    paper_first_version_ensure(paper=world.item_paper)
    world.failed_pack = PackRender.objects.create(
        meeting=world.published, edition=PackRender.Edition.PUBLIC,
        status=PackRender.Status.FAILED, error="The worker stopped", finished_at=now,
    )


def _paper(world, name: str) -> dict:
    return {**meeting_kwargs(world), "paper_pk": getattr(world, name).pk}


def _supplement(world, name: str) -> dict:
    return {**meeting_kwargs(world), "number": getattr(world, name).number}


EXPECTED: dict[str, list[Case]] = {
    "boards:paper_add": [
        Case("item of the published meeting",
             lambda w: {**meeting_kwargs(w), "item_pk": w.item.pk}, CLERK_ONLY),
        Case("item of the planned meeting",
             lambda w: {**meeting_kwargs(w, "planned"),
                        "item_pk": w.planned_paper.agenda_item_id}, CLERK_ONLY),
        Case("item of another meeting",
             lambda w: {**meeting_kwargs(w), "item_pk": w.planned_paper.agenda_item_id},
             CLERK_NOT_FOUND),
        Case("empty form", lambda w: {**meeting_kwargs(w), "item_pk": w.item.pk},
             CLERK_RESHOWN, method="post", data=lambda w: {
                 "sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"}),
    ],
    "boards:paper_edit": [
        Case("unrestricted paper", lambda w: _paper(w, "open_paper"), CLERK_ONLY),
        Case("restricted paper", lambda w: _paper(w, "restricted_paper"), CLERK_ONLY),
        Case("empty form", lambda w: _paper(w, "open_paper"), CLERK_RESHOWN, method="post",
             data=lambda w: {"sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"}),
    ],
    "boards:paper_delete": [
        Case("confirm", lambda w: _paper(w, "late_paper"), CLERK_ONLY),
        Case("delete", lambda w: _paper(w, "late_paper"), CLERK_ACTS, method="post"),
    ],
    "boards:meeting_publish": [
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), CLERK_ONLY),
        Case("published meeting (papers)", lambda w: meeting_kwargs(w), CLERK_ONLY),
        Case("publish", lambda w: meeting_kwargs(w, "planned"), CLERK_ACTS, method="post",
             data=lambda w: {"confirm": "yes", "reason": "Late papers agreed with the chair"}),
        Case("publish again", lambda w: meeting_kwargs(w), CLERK_RESHOWN, method="post"),
    ],
    "boards:pack_status": [
        Case("published meeting", lambda w: meeting_kwargs(w), EVERYONE),
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), MEMBERS_SEE),
    ],
    "boards:pack_render_again": [
        Case("a failed pack", lambda w: {**meeting_kwargs(w), "render_pk": w.failed_pack.pk},
             CLERK_ACTS, method="post"),
        Case("by GET", lambda w: {**meeting_kwargs(w), "render_pk": w.failed_pack.pk},
             (302, 403, 403, 403, 405)),
    ],
    "boards:supplement_publish": [
        Case("open supplement", lambda w: _supplement(w, "open_supplement"), CLERK_ONLY),
        Case("already published", lambda w: _supplement(w, "supplement"), CLERK_NOT_FOUND),
        Case("publish", lambda w: _supplement(w, "open_supplement"), CLERK_ACTS,
             method="post"),
    ],
    "boards:pack_settings": [
        Case("form", lambda w: {"slug": w.board.slug}, CLERK_ONLY),
        Case("save", lambda w: {"slug": w.board.slug}, CLERK_ACTS, method="post",
             data=lambda w: {"partnership_name": "Test Community Safety Partnership"}),
        Case("title without a name", lambda w: {"slug": w.board.slug}, CLERK_RESHOWN,
             method="post", data=lambda w: {"sign_off_title": "Chief Executive"}),
    ],
    "boards:supplement_public_pack_download": [
        Case("published supplement", lambda w: _supplement(w, "supplement"), EVERYONE),
        Case("unpublished supplement", lambda w: _supplement(w, "open_supplement"), NOBODY),
    ],
    "boards:supplement_members_pack_download": [
        Case("published supplement", lambda w: _supplement(w, "supplement"), MEMBERS_ONLY),
        Case("unpublished supplement", lambda w: _supplement(w, "open_supplement"),
             (302, 403, 404, 404, 404)),
    ],
}
