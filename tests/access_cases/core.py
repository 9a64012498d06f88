"""The read-only board, meeting, paper and pack pages, sign-in, password reset, two-factor
sign-in and health check."""
from . import EVERYONE, MEMBERS_ONLY, MEMBERS_SEE, Case, meeting_kwargs

SIGNED_IN = (302, 200, 200, 200, 200)

EXPECTED: dict[str, list[Case]] = {
    "healthz": [Case("health check", lambda w: {}, EVERYONE)],
    "login": [Case("sign-in form", lambda w: {}, (200, 302, 302, 302, 302))],
    "logout": [
        Case("sign out by GET is refused", lambda w: {}, (302, 405, 405, 405, 405)),
        Case("sign out", lambda w: {}, (302, 302, 302, 302, 302), method="post"),
    ],
    "password_reset": [
        Case("form", lambda w: {}, EVERYONE),
        Case("empty post re-shows the form", lambda w: {}, EVERYONE, method="post"),
    ],
    "password_reset_done": [Case("check your email", lambda w: {}, EVERYONE)],
    "password_reset_confirm": [
        Case("a link that does not work", lambda w: {"uidb64": "MQ", "token": "not-a-token"},
             EVERYONE),
    ],
    "password_reset_complete": [Case("password changed", lambda w: {}, EVERYONE)],
    "two_factor_settings": [
        Case("own settings", lambda w: {}, SIGNED_IN),
        Case("empty post re-shows the form", lambda w: {}, SIGNED_IN, method="post"),
    ],
    "two_factor_verify": [
        # With no code due the page sends a signed-in user straight on.
        Case("no code due", lambda w: {}, (302, 302, 302, 302, 302)),
    ],
    # Page scripts' endpoints: 401 (not a redirect) tells the script the session has ended.
    "session_extend": [
        Case("stay signed in", lambda w: {}, (401, 200, 200, 200, 200), method="post"),
        Case("GET is refused", lambda w: {}, (401, 405, 405, 405, 405)),
    ],
    "form_draft": [
        # With no ?url= there is no form to keep a draft of.
        Case("draft of no page", lambda w: {}, (401, 400, 400, 400, 400)),
        Case("draft that is not JSON", lambda w: {}, (401, 400, 400, 400, 400), method="post"),
    ],
    "boards:board_list": [Case("all boards", lambda w: {}, EVERYONE)],
    "boards:board_detail": [
        Case("partnership board", lambda w: {"slug": w.board.slug}, EVERYONE),
        Case("subgroup", lambda w: {"slug": w.subgroup.slug}, EVERYONE),
    ],
    "boards:meetings_calendar": [
        Case("partnership board", lambda w: {"slug": w.board.slug}, EVERYONE),
    ],
    "boards:meeting_detail": [
        Case("published meeting", lambda w: meeting_kwargs(w), EVERYONE),
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), MEMBERS_SEE),
    ],
    "boards:paper_detail": [
        Case("unrestricted paper",
             lambda w: {**meeting_kwargs(w), "paper_pk": w.open_paper.pk}, EVERYONE),
        Case("restricted paper",
             lambda w: {**meeting_kwargs(w), "paper_pk": w.restricted_paper.pk}, MEMBERS_SEE),
        Case("paper under restricted item",
             lambda w: {**meeting_kwargs(w), "paper_pk": w.item_paper.pk}, MEMBERS_SEE),
        Case("paper of a planned meeting",
             lambda w: {**meeting_kwargs(w, "planned"), "paper_pk": w.planned_paper.pk},
             MEMBERS_SEE),
    ],
    "boards:paper_version_detail": [
        Case("unrestricted paper as published",
             lambda w: {**meeting_kwargs(w), "paper_pk": w.open_paper.pk, "number": 1},
             EVERYONE),
        Case("its correction",
             lambda w: {**meeting_kwargs(w), "paper_pk": w.open_paper.pk, "number": 2},
             EVERYONE),
        Case("a revision waiting for its supplement",
             lambda w: {**meeting_kwargs(w), "paper_pk": w.open_paper.pk, "number": 3},
             (404, 404, 404, 404, 404)),
        Case("restricted paper as published",
             lambda w: {**meeting_kwargs(w), "paper_pk": w.restricted_paper.pk, "number": 1},
             MEMBERS_SEE),
        Case("paper under restricted item as published",
             lambda w: {**meeting_kwargs(w), "paper_pk": w.item_paper.pk, "number": 1},
             MEMBERS_SEE),
    ],
    "boards:public_pack_download": [
        Case("published meeting", lambda w: meeting_kwargs(w), EVERYONE),
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), MEMBERS_SEE),
    ],
    "boards:members_pack_download": [
        Case("published meeting", lambda w: meeting_kwargs(w), MEMBERS_ONLY),
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), MEMBERS_ONLY),
    ],
}
