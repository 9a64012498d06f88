"""The clerk adds papers, publishes the agenda and watches the packs being produced."""
import datetime as dt
import io
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from pypdf import PdfReader

from boards import tasks
from boards.packs import render
from tests.browser.helpers import browser_user
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "CANARY-BROWSER-93ab"


@pytest.fixture
def slow_worker(monkeypatch):
    """Render packs one at a time in a background thread a moment after they are queued, as a
    worker would, so that the page shows them queued before they are ready. The test database
    is SQLite shared between threads, which can report a table locked while the page polls;
    the render is then simply tried again."""
    queue: list[int] = []
    done = threading.Event()

    def work():
        time.sleep(2.0)
        try:
            while queue:
                pk = queue.pop(0)
                for _ in range(20):
                    try:
                        if render.agenda_pack_render(pack_render_id=pk).status == "ready":
                            break
                    except OperationalError:
                        pass
                    time.sleep(0.5)
        finally:
            connection.close()
            done.set()

    def delay(pack_render_id):
        queue.append(pack_render_id)
        if len(queue) == 1:
            threading.Thread(target=work, daemon=True).start()

    monkeypatch.setattr(tasks.render_agenda_pack, "delay", delay)
    yield
    done.wait(timeout=120)


def add_paper(page, assert_accessible, *, title, body, restricted=False):
    page.get_by_role("link", name="Add a paper to item 1").click()
    page.get_by_label("Title (the report's subject)").fill(title)
    page.locator("#id_sections-0-body").fill(body)
    if restricted:
        page.get_by_label("RESTRICTED", exact=True).check()
        page.get_by_role("button", name="Add the paper").click()
        page.get_by_text("There is a problem").wait_for()
        assert page.title().startswith("Error: ")
        assert_accessible(page)
        page.get_by_label("Exempt paragraph (required for a restricted paper)").select_option("7")
    else:
        assert_accessible(page)
    page.get_by_role("button", name="Add the paper").click()
    page.get_by_text(f'Paper "{title}" added').wait_for()


def test_clerk_publishes_and_downloads_the_public_pack(
    page, sign_in, assert_accessible, slow_worker
):
    board = BoardFactory(slug="bd-csp", name="Community Safety Partnership Board")
    clerk = browser_user("clerk", board=board, role="clerk")
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = MeetingFactory(board=board, start=start + dt.timedelta(days=30))
    AgendaItemFactory(meeting=meeting, position=1, title="Reports")
    meeting_path = f"/boards/bd-csp/meetings/{meeting.pk}/"

    sign_in(page, clerk, next_path=meeting_path)
    assert_accessible(page)
    page.get_by_role("link", name="Add a paper").click()
    assert_accessible(page)
    add_paper(page, assert_accessible, title="Offender cohort analysis",
              body=f"Named cohort {CANARY}.", restricted=True)
    page.get_by_role("link", name="Add a paper").click()
    add_paper(page, assert_accessible, title="Delivery Plan Report", body="Progress is good.")

    page.get_by_role("link", name="Publish the agenda").click()
    page.get_by_text("Publication deadline").wait_for()
    assert page.get_by_text("Offender cohort analysis – restricted").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the agenda").click()

    page.get_by_text("Agenda published. The public").wait_for()
    assert page.get_by_text("Queued").first.is_visible()
    assert_accessible(page)
    link = page.get_by_role("link", name="Download the public pack")
    link.wait_for(timeout=90_000)  # updated in place by the status poll
    page.get_by_role("link", name="Download the members' pack").wait_for(timeout=90_000)
    assert_accessible(page)
    with page.expect_download() as info:
        link.click()
    data = open(info.value.path(), "rb").read()
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "Delivery Plan Report" in text
    assert CANARY not in text
