"""The search page: open to everyone, finding only what each visitor may see.

A search for each restricted canary (test_authorisation's CANARIES) is fetched by every
visitor, so the canary test checks no non-member's results show one (the words are asked
in lower case, so that the page repeating the question is not taken for a leak);
test_members_find_the_canaries_by_search checks that a member's do."""
from . import EVERYONE, Case


def _canary_cases() -> list[Case]:
    from tests.test_authorisation import CANARIES

    return [
        Case(f"search for the {where}", lambda w: {}, EVERYONE,
             query=lambda w, canary=canary: {"q": canary.lower()})
        for where, canary in CANARIES.items()
    ]


EXPECTED: dict[str, list[Case]] = {
    "search:search": [
        Case("empty search", lambda w: {}, EVERYONE),
        Case("words", lambda w: {}, EVERYONE, query=lambda w: {"q": "performance report"}),
        *_canary_cases(),
    ],
}
