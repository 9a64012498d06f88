"""The clerk's pack header and sign-off page (boards:pack_settings) and what the pack prints."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from boards.models import Board
from boards.packs import build_agenda_pack
from csp_portal.models import AuditEntry
from tests import factories as f
from tests.publishing_helpers import clerk_and_meeting, pdf_text

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def setup(client):
    board, user, meeting, _reports, _aob = clerk_and_meeting()
    client.force_login(user)
    return board, meeting, reverse("boards:pack_settings", args=[board.slug])


def test_clerk_saves_name_sign_off_and_logo_and_the_pack_prints_them(client, setup):
    board, meeting, url = setup
    response = client.post(url, {
        "partnership_name": "Test Community Safety Partnership",
        "sign_off_name": "Chris Naylor", "sign_off_title": "Chief Executive",
        "logo": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
    })
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.logo.name.endswith(".png")
    assert AuditEntry.objects.filter(action="board.pack_settings_updated").count() == 1
    build = build_agenda_pack(meeting=meeting, edition="public")
    front = pdf_text(build.pdf)
    assert "Public Document Pack Test Community Safety Partnership" in " ".join(front.split())
    assert "Chris Naylor Chief Executive" in " ".join(front.split())
    # The logo is drawn on the first page, tagged as a figure with alternative text.
    reader = PdfReader(io.BytesIO(build.pdf))
    images = [x.get_object() for x in reader.pages[0]["/Resources"]["/XObject"].values()]
    assert any(x["/Subtype"] == "/Image" for x in images)
    alts = [str(e.get("/Alt")) for e in _struct_elements(reader) if e.get("/S") == "/Figure"]
    assert "Test Community Safety Partnership logo" in alts


def _struct_elements(reader):
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in (kids if isinstance(kids, list) else [kids]):
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                yield kid
                stack.append(kid)


def test_subgroup_uses_the_partnership_board_s_header(setup):
    board, _meeting, _url = setup
    board.partnership_name, board.sign_off_name = "Parent Partnership", "A Signer"
    board.sign_off_title = "Chief Executive"
    board.save()
    sub = f.SubgroupFactory(parent=board)
    identity = Board.objects.get(pk=sub.pk).pack_identity()
    assert identity["partnership_name"] == "Parent Partnership"
    assert (identity["sign_off_name"], identity["sign_off_title"]) == ("A Signer",
                                                                       "Chief Executive")


def test_a_logo_that_is_not_an_image_is_refused_and_nothing_is_saved(client, setup):
    board, _meeting, url = setup
    response = client.post(url, {
        "partnership_name": "Typed name",
        "logo": SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image"),
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert "The logo must be a PNG or JPEG image" in body
    assert 'value="Typed name"' in body  # what was typed is shown again
    board.refresh_from_db()
    assert board.partnership_name == "" and not board.logo
