"""factory_boy factories for the domain models."""
import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import Action
from boards.models import (
    AgendaItem,
    Attendance,
    Board,
    BoardKind,
    ForwardPlanItem,
    Meeting,
    Membership,
    Minute,
    Organisation,
    Paper,
    PaperSection,
    Person,
)
from indicators.models import Indicator, IndicatorReturn, PerformanceReport
from plans.models import Plan, Priority
from subgroups.models import SubgroupReport


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    post_title = "Officer"
    organisation = factory.SubFactory(OrganisationFactory)


class BoardKindFactory(factory.django.DjangoModelFactory):
    """A board kind by slug; the migrations add partnership_board, subgroup and others."""

    class Meta:
        model = BoardKind
        django_get_or_create = ("slug",)

    slug = "partnership_board"
    name = factory.LazyAttribute(lambda o: o.slug.replace("_", " ").capitalize())


def board_kind(slug: str) -> BoardKind:
    """The board kind ``slug`` (e.g. "subgroup"), created if the migrations did not add it."""
    return BoardKindFactory(slug=slug)


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    kind = factory.LazyFunction(lambda: board_kind("partnership_board"))


class SubgroupFactory(BoardFactory):
    """A subgroup that reports to its parent board (as the demo's subgroups do)."""

    kind = factory.LazyFunction(lambda: board_kind("subgroup"))
    parent = factory.SubFactory(BoardFactory)
    reports_to_parent = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    board = factory.SubFactory(BoardFactory)
    role = Membership.Role.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    start = factory.Sequence(
        lambda n: timezone.make_aware(dt.datetime(2018, 3, 28, 10, 0) + dt.timedelta(days=n))
    )
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=3))
    venue = "Conference Centre, Barking Learning Centre"
    status = Meeting.Status.PLANNED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    agenda_item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Report {n}")
    heading = "REPORT"
    author = "Report Author"
    paper_date = dt.date(2018, 3, 28)


class PaperSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperSection

    paper = factory.SubFactory(PaperFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = "1. Purpose of Presenting the Report and Decisions Required"
    body = "The board is asked to note the report."


class MinuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minute

    agenda_item = factory.SubFactory(AgendaItemFactory)
    text = "The board noted the report."


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = Attendance.Status.PRESENT


class ForwardPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForwardPlanItem

    meeting = factory.SubFactory(MeetingFactory)
    board = factory.SelfAttribute("meeting.board")
    title = factory.Sequence(lambda n: f"Planned item {n}")
    presenter = "Chair"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    raised_at = factory.SubFactory(MeetingFactory)
    board = factory.SelfAttribute("raised_at.board")
    number = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Action to be taken {n}")
    target_date = dt.date(2018, 3, 13)
    rag_status = "A"


class SubgroupReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubgroupReport

    meeting = factory.SubFactory(MeetingFactory)
    subgroup = factory.SubFactory(SubgroupFactory, parent=factory.SelfAttribute("..meeting.board"))
    status = SubgroupReport.Status.SUBMITTED
    brief_update = "The subgroup has met twice."
    key_challenges = "Data sharing."
    support_required = "None at this time."


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    board = factory.SubFactory(BoardFactory)
    owning_subgroup = factory.SubFactory(SubgroupFactory, parent=factory.SelfAttribute("..board"))
    reference = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    target_type = Indicator.TargetType.REDUCTION
    unit_label = "offences"


class IndicatorReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorReturn

    indicator = factory.SubFactory(IndicatorFactory)
    period = dt.date(2018, 1, 1)
    value = Decimal("100")
    status = IndicatorReturn.Status.APPROVED


class PerformanceReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformanceReport

    board = factory.SubFactory(BoardFactory)
    title = "Community Safety Partnership Performance Report"
    as_at = dt.date(2018, 1, 1)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Community Safety Plan {n}")
    period_start = dt.date(2017, 4, 1)
    period_end = dt.date(2020, 3, 31)
    status = Plan.Status.APPROVED


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Priority {n}")
    position = factory.Sequence(lambda n: n + 1)
