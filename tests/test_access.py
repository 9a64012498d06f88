"""Roles and capabilities per board (boards/access.py)."""
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from boards.access import (
    Capability,
    Role,
    board_descendant_ids,
    capabilities_of,
    user_board_roles,
    user_boards_allowing,
    user_is_board_member,
)
from boards.models import Membership
from tests.factories import (
    BoardFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    board = BoardFactory(slug="bd-csp")
    subgroup = SubgroupFactory(slug="vawg", parent=board)
    task_group = SubgroupFactory(slug="vawg-task", parent=subgroup)
    other = BoardFactory(slug="elsewhere")
    return board, subgroup, task_group, other


def _user(board, role, **membership):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role=role, **membership)
    return user


@pytest.mark.parametrize(("membership_role", "role"), [
    (Membership.Role.CLERK, Role.CLERK),
    (Membership.Role.CHAIR, Role.CHAIR),
    (Membership.Role.VICE_CHAIR, Role.CHAIR),
    (Membership.Role.OFFICER, Role.OFFICER),
    (Membership.Role.MINUTE_TAKER, Role.OFFICER),
    (Membership.Role.MEMBER, Role.MEMBER),
])
def test_a_membership_of_the_board_gives_its_role(tree, membership_role, role):
    board = tree[0]
    assert user_board_roles(_user(board, membership_role), board) == {role}


def test_a_member_of_a_subgroup_at_any_depth_is_an_officer_of_the_boards_above(tree):
    board, subgroup, task_group, other = tree
    user = _user(task_group, Membership.Role.MEMBER)
    assert user_board_roles(user, board) == {Role.OFFICER}
    assert user_board_roles(user, subgroup) == {Role.OFFICER}
    assert user_board_roles(user, task_group) == {Role.MEMBER}
    assert user_board_roles(user, other) == frozenset()


def test_the_partnership_clerk_clerks_its_subgroups_other_roles_only_see_them(tree):
    board, subgroup, *_ = tree
    assert user_board_roles(_user(board, Membership.Role.CLERK), subgroup) == {Role.CLERK}
    assert user_board_roles(_user(board, Membership.Role.CHAIR), subgroup) == {Role.MEMBER}


def test_only_current_memberships_count(tree):
    board = tree[0]
    today = dt.date.today()
    ended = _user(board, Membership.Role.CHAIR, end_date=today - dt.timedelta(days=1))
    future = _user(board, Membership.Role.CHAIR, start_date=today + dt.timedelta(days=1))
    assert not user_is_board_member(ended, board)
    assert not user_is_board_member(future, board)


def test_anonymous_inactive_and_unlinked_users_have_no_roles(tree):
    board = tree[0]
    inactive = _user(board, Membership.Role.CLERK)
    inactive.is_active = False
    assert user_board_roles(AnonymousUser(), board) == frozenset()
    assert user_board_roles(inactive, board) == frozenset()
    assert user_board_roles(UserFactory(), board) == frozenset()


def test_staff_hold_every_role_everywhere(tree):
    staff = UserFactory(is_staff=True)
    for board in tree:
        assert user_board_roles(staff, board) == set(Role)


def test_capabilities_follow_the_issue_table():
    assert Capability.CONFIRM_MINUTES in capabilities_of({Role.CHAIR})
    assert Capability.CONFIRM_MINUTES not in capabilities_of({Role.CLERK})
    assert Capability.MANAGE_MEETINGS in capabilities_of({Role.CLERK})
    assert Capability.MANAGE_MEETINGS not in capabilities_of({Role.CHAIR, Role.OFFICER})
    assert Capability.MANAGE_ACTIONS not in capabilities_of({Role.OFFICER})
    assert capabilities_of({Role.MEMBER}) == {Capability.VIEW_MEMBERS}
    assert capabilities_of(set()) == frozenset()


def test_boards_allowing_a_capability(tree):
    board, subgroup, task_group, other = tree
    user = _user(subgroup, Membership.Role.OFFICER)
    assert user_boards_allowing(user, Capability.RECORD_MINUTES) == {board.pk, subgroup.pk}
    assert user_boards_allowing(user, Capability.VIEW_MEMBERS) == {
        board.pk, subgroup.pk, task_group.pk
    }


def test_roles_cost_two_queries_at_most(tree, django_assert_max_num_queries):
    board = tree[0]
    user = _user(tree[2], Membership.Role.MEMBER)
    with django_assert_max_num_queries(2):
        user_board_roles(user, board)


def test_boards_below_a_board_at_any_depth(tree):
    board, subgroup, task_group, other = tree
    assert board_descendant_ids(board) == {subgroup.pk, task_group.pk}
    assert board_descendant_ids(task_group) == set()
