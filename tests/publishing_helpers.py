"""Shared fixtures' builders for the publishing tests."""
import datetime as dt
import io

from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from boards.models import Membership
from tests import factories as f


def tiny_pdf() -> bytes:
    """A real one-page PDF made with pypdf."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


def clerk_and_meeting(*, status="planned", days_ahead=30):
    """A board with a clerk user and a meeting with two agenda items."""
    board = f.BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    user = f.UserFactory(username="clerk")
    person = f.PersonFactory(user=user, name="Jade Hodgson")
    f.MembershipFactory(board=board, person=person, role=Membership.Role.CLERK)
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = f.MeetingFactory(
        board=board, start=start + dt.timedelta(days=days_ahead), status=status
    )
    reports = f.AgendaItemFactory(meeting=meeting, position=1, title="Reports")
    aob = f.AgendaItemFactory(meeting=meeting, position=2, title="AOB")
    return board, user, meeting, reports, aob


def paper_post(title="Delivery plan", *, security="unrestricted", paragraph="", body="Text.",
               **extra) -> dict:
    """A paper form POST with one section."""
    data = {
        "title": title, "heading": "REPORT", "author": "", "contact": "",
        "paper_date_0": "", "paper_date_1": "", "paper_date_2": "",
        "security": security, "exempt_paragraph": paragraph,
        "sections-TOTAL_FORMS": "1", "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0", "sections-MAX_NUM_FORMS": "1000",
        "sections-0-heading": "1. Purpose", "sections-0-body": body,
        "sign_offs-TOTAL_FORMS": "0", "sign_offs-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data
