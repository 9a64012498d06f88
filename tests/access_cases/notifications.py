"""Email preferences (the signed-in person's own) and the unsubscribe link's page (anyone
holding a signed token)."""
from notifications.sending import unsubscribe_token

from . import EVERYONE, Case

SIGNED_IN = (302, 200, 200, 200, 200)
NOT_FOUND = (404, 404, 404, 404, 404)


def _token(w) -> dict:
    return {"token": unsubscribe_token(w.users["officer"].person)}


EXPECTED: dict[str, list[Case]] = {
    "notifications:preferences": [
        Case("own preferences", lambda w: {}, SIGNED_IN),
        Case("empty post re-shows the form", lambda w: {}, SIGNED_IN, method="post"),
    ],
    "notifications:unsubscribe": [
        Case("signed link asks first", _token, EVERYONE),
        Case("forged link", lambda w: {"token": "1:forged"}, NOT_FOUND),
        Case("signed link, confirmed", _token, EVERYONE, method="post"),
    ],
}
