"""Roles and capabilities per board (boards/access.py)."""
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User

from boards.access import (
    Capability,
    Role,
    board_descendant_ids,
    capabilities_of,
    user_board_roles,
    user_boards_allowing,
    user_is_board_member,
    user_manages_a_board,
    user_may_add_top_boards,
)
from boards.models import Membership
from tests.factories import (
    BoardFactory,
    MembershipFactory,
    OrganisationFactory,
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


def test_a_plain_member_of_a_subgroup_has_no_role_on_the_boards_above(tree):
    board, subgroup, task_group, other = tree
    snb_member = _user(subgroup, Membership.Role.MEMBER)
    assert user_board_roles(snb_member, board) == frozenset()
    assert user_board_roles(snb_member, subgroup) == {Role.MEMBER}
    deep_member = _user(task_group, Membership.Role.MEMBER)
    assert user_board_roles(deep_member, board) == frozenset()
    assert user_board_roles(deep_member, subgroup) == frozenset()
    assert user_board_roles(deep_member, other) == frozenset()


@pytest.mark.parametrize("membership_role", [
    Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.OFFICER,
    Membership.Role.CLERK, Membership.Role.MINUTE_TAKER,
])
def test_an_officer_role_on_a_reporting_subgroup_makes_an_officer_of_its_parent_only(
    tree, membership_role
):
    board, subgroup, task_group, other = tree
    assert subgroup.reports_to_parent and task_group.reports_to_parent
    user = _user(task_group, membership_role)
    assert user_board_roles(user, subgroup) == {Role.OFFICER}
    assert user_board_roles(user, board) == frozenset(), "only the board reported to"
    assert user_board_roles(_user(subgroup, membership_role), board) == {Role.OFFICER}


def test_a_subgroup_not_marked_as_reporting_gives_no_role_on_its_parent(tree):
    board, subgroup, *_ = tree
    subgroup.reports_to_parent = False
    subgroup.save()
    assert user_board_roles(_user(subgroup, Membership.Role.CHAIR), board) == frozenset()
    assert user_board_roles(_user(subgroup, Membership.Role.OFFICER), board) == frozenset()


def test_the_partnership_clerk_clerks_its_subgroups_other_roles_only_see_them(tree):
    board, subgroup, task_group, _ = tree
    assert user_board_roles(_user(board, Membership.Role.CLERK), subgroup) == {Role.CLERK}
    assert user_board_roles(_user(board, Membership.Role.MEMBER), subgroup) == {Role.MEMBER}
    assert user_board_roles(_user(board, Membership.Role.OFFICER), task_group) == {Role.MEMBER}


@pytest.mark.parametrize("membership_role", [Membership.Role.CHAIR, Membership.Role.VICE_CHAIR])
def test_the_chair_of_a_board_manages_the_actions_of_every_board_below(tree, membership_role):
    board, subgroup, task_group, other = tree
    chair = _user(board, membership_role)
    for below in (subgroup, task_group):
        roles = user_board_roles(chair, below)
        assert roles == {Role.PARENT_CHAIR}
        assert capabilities_of(roles) == {Capability.VIEW_MEMBERS, Capability.MANAGE_ACTIONS}
    assert user_board_roles(chair, other) == frozenset()


def test_an_analyst_edits_indicators_of_the_board_and_every_board_below(tree):
    board, subgroup, task_group, other = tree
    analyst = _user(board, Membership.Role.ANALYST)
    for where in (board, subgroup, task_group):
        assert user_board_roles(analyst, where) == {Role.ANALYST}
    assert capabilities_of({Role.ANALYST}) == {Capability.VIEW_MEMBERS, Capability.EDIT_INDICATORS}
    assert user_boards_allowing(analyst, Capability.EDIT_INDICATORS) == {
        board.pk, subgroup.pk, task_group.pk
    }
    assert user_boards_allowing(analyst, Capability.APPROVE_RETURNS) == set()


def test_an_adviser_is_a_member(tree):
    board = tree[0]
    assert user_board_roles(_user(board, Membership.Role.ADVISER), board) == {Role.MEMBER}


def test_an_organisations_seat_gives_its_role_to_representative_and_deputy(tree):
    board, subgroup, _, other = tree
    police = OrganisationFactory(name="Metropolitan Police")
    representative, deputy, bystander = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(
        board=board, organisation=police, role=Membership.Role.CHAIR,
        person=PersonFactory(user=representative), deputy=PersonFactory(user=deputy),
    )
    PersonFactory(user=bystander, organisation=police)  # works there, holds no seat
    assert user_board_roles(representative, board) == {Role.CHAIR}
    assert user_board_roles(deputy, board) == {Role.CHAIR}
    assert user_board_roles(deputy, subgroup) == {Role.PARENT_CHAIR}
    assert user_board_roles(bystander, board) == frozenset()
    assert user_board_roles(deputy, other) == frozenset()


def test_an_organisations_seat_without_a_representative_gives_no_one_a_role(tree):
    board = tree[0]
    MembershipFactory(board=board, organisation=OrganisationFactory(), person=None)
    someone = _user(tree[3], Membership.Role.CLERK)
    assert user_board_roles(someone, board) == frozenset()


def test_who_manages_a_board_and_who_may_add_top_boards(tree):
    board = tree[0]
    clerk = _user(board, Membership.Role.CLERK)
    chair = _user(board, Membership.Role.CHAIR)
    assert user_manages_a_board(clerk) and not user_manages_a_board(chair)
    assert user_manages_a_board(UserFactory(is_staff=True))
    assert not user_may_add_top_boards(clerk)
    assert user_may_add_top_boards(UserFactory(is_staff=True))
    starter = UserFactory()
    starter.user_permissions.add(Permission.objects.get(codename="add_board"))
    assert user_may_add_top_boards(User.objects.get(pk=starter.pk))


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
    member = _user(subgroup, Membership.Role.MEMBER)
    assert user_boards_allowing(member, Capability.RECORD_MINUTES) == set()
    assert user_boards_allowing(member, Capability.VIEW_MEMBERS) == {subgroup.pk, task_group.pk}


def test_roles_cost_two_queries_at_most(tree, django_assert_max_num_queries):
    board = tree[0]
    user = _user(tree[2], Membership.Role.MEMBER)
    with django_assert_max_num_queries(2):
        user_board_roles(user, board)


def test_boards_below_a_board_at_any_depth(tree):
    board, subgroup, task_group, other = tree
    assert board_descendant_ids(board) == {subgroup.pk, task_group.pk}
    assert board_descendant_ids(task_group) == set()


def test_who_may_open_the_set_up_pages(tree):
    from django.contrib.auth.models import Permission

    from boards.access import user_may_set_up

    starter = UserFactory()
    assert not user_may_set_up(starter)
    starter.user_permissions.add(Permission.objects.get(codename="add_board"))
    assert user_may_set_up(User.objects.get(pk=starter.pk))
    assert user_may_set_up(_user(tree[1], Membership.Role.CLERK))
    assert not user_may_set_up(_user(tree[0], Membership.Role.CHAIR))
