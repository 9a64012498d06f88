"""Helpers for the browser tests: users who can sign in, and the axe-core check."""
from axe_playwright_python.sync_playwright import Axe

from tests.factories import MembershipFactory, PersonFactory, UserFactory

BROWSER_PASSWORD = "correct-horse-battery-staple"

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
"""axe-core rule tags for WCAG 2.2 level A and AA."""

_axe = Axe()


def browser_user(username: str, *, board=None, role: str | None = None, **person_fields):
    """A user with BROWSER_PASSWORD, linked to a Person, with a Membership of ``board`` if given."""
    user = UserFactory(username=username)
    user.set_password(BROWSER_PASSWORD)
    user.save()
    person_fields.setdefault("name", username.replace("-", " ").title())
    person = PersonFactory(user=user, **person_fields)
    if board is not None:
        MembershipFactory(board=board, person=person, role=role or "member")
    return user


def axe_violations(page, *, extra_rules: tuple[str, ...] | list[str] = ()) -> list[dict]:
    """axe-core's violations on ``page`` as it is now: its WCAG 2.2 A and AA rules, plus the
    rules named in ``extra_rules`` (axe rule ids outside those tags), in one run of axe.

    Each violation is axe's dict (``id``, ``impact``, ``help``, ``tags``, ``nodes``...).
    """
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA},
               "resultTypes": ["violations"]}
    if extra_rules:
        options["rules"] = {rule: {"enabled": True} for rule in extra_rules}
    return _axe.run(page, options=options).response["violations"]


def wcag_violations(violations: list[dict]) -> list[dict]:
    """The violations of rules tagged with one of WCAG_22_AA's levels."""
    return [v for v in violations if set(v["tags"]) & set(WCAG_22_AA)]


def violations_message(violations: list[dict], url: str) -> str:
    """Every WCAG 2.2 AA violation and where it is, as assert_accessible reports them."""
    lines = [f"axe-core found {len(violations)} WCAG 2.2 AA violation(s) on {url}:"]
    for violation in violations:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                     f"at {targets}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Run axe-core's WCAG 2.2 A and AA rules on ``page`` as it is now.

    Raises AssertionError listing every violation and where it is.
    """
    violations = axe_violations(page)
    if violations:
        raise AssertionError(violations_message(violations, page.url))
