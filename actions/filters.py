"""The action log's filter form: RAG status, open/closed, lead, meeting raised, overdue, search."""
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters.fields import ModelChoiceField

from boards.models import Board, Meeting
from csp_portal import clock

from .models import Action, RagStatus
from .selectors import action_leads, action_log, action_log_board_ids

_SELECT = {"class": "govuk-select"}


class MeetingChoiceField(ModelChoiceField):
    """Meetings listed by date ("13 December 2017"), as the log names them."""

    def label_from_instance(self, obj: Meeting) -> str:
        label = f"{timezone.localtime(obj.start):%-d %B %Y}"
        return f"{label} ({obj.title})" if obj.title else label


class MeetingChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = MeetingChoiceField


class ActionFilter(django_filters.FilterSet):
    """Filters a board's action log. Open actions only unless ``status`` is given.

    ``status=""`` ("Open and closed") shows every action. ``subgroups=include``
    adds the actions of every board below ``board`` (the log is then read from
    actions.selectors.action_log with ``include_subgroups``; ``includes_subgroups``
    says so). ``lead`` offers only people who lead one of the listed boards'
    actions, ``raised_at`` only their meetings that raised one. ``overdue=yes``
    keeps open actions whose target date is before today (Europe/London); ``no``
    the rest. ``q`` searches descriptions and comments, ignoring case.
    """

    subgroups = django_filters.ChoiceFilter(
        label="Boards", choices=[("include", "Include subgroups")],
        empty_label="This board only", method="filter_subgroups",
        widget=forms.Select(attrs=_SELECT),
    )

    rag_status = django_filters.ChoiceFilter(
        label="RAG status", choices=RagStatus.choices, empty_label="Any",
        widget=forms.Select(attrs=_SELECT),
    )
    status = django_filters.ChoiceFilter(
        label="Open or closed", choices=Action.Status.choices, empty_label="Open and closed",
        widget=forms.Select(attrs=_SELECT),
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead", field_name="lead_people", queryset=None, empty_label="Anyone",
        widget=forms.Select(attrs=_SELECT),
    )
    raised_at = MeetingChoiceFilter(
        label="Meeting raised", queryset=None, empty_label="Any meeting",
        widget=forms.Select(attrs=_SELECT),
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue", choices=[("yes", "Yes"), ("no", "No")], empty_label="Either",
        method="filter_overdue", widget=forms.Select(attrs=_SELECT),
    )
    q = django_filters.CharFilter(
        label="Search descriptions and comments", method="filter_text",
        widget=forms.TextInput(attrs={"class": "govuk-input", "type": "search"}),
    )

    class Meta:
        model = Action
        fields = ["subgroups", "rag_status", "status", "lead", "raised_at", "overdue", "q"]

    def __init__(self, data: Any = None, *args: Any, board: Board, **kwargs: Any) -> None:
        data = data.copy() if data is not None else {}
        if "status" not in data:
            data["status"] = Action.Status.OPEN
        self.includes_subgroups = data.get("subgroups") == "include"
        kwargs.setdefault(
            "queryset", action_log(board=board, include_subgroups=self.includes_subgroups)
        )
        super().__init__(data, *args, **kwargs)
        board_ids = action_log_board_ids(board=board, include_subgroups=self.includes_subgroups)
        self.filters["lead"].queryset = action_leads(board_ids=board_ids)
        self.filters["raised_at"].queryset = (
            Meeting.objects.filter(board_id__in=board_ids, actions_raised__isnull=False)
            .select_related("board")
            .distinct()
            .order_by("-start")
        )

    def filter_subgroups(self, queryset: QuerySet[Action], name: str, value: str) -> QuerySet:
        # The queryset was read with or without the boards below in __init__.
        return queryset

    def filter_overdue(self, queryset: QuerySet[Action], name: str, value: str) -> QuerySet:
        overdue = Q(status=Action.Status.OPEN, target_date__lt=clock.today())
        if value == "yes":
            return queryset.filter(overdue)
        if value == "no":
            return queryset.exclude(overdue)
        return queryset

    def filter_text(self, queryset: QuerySet[Action], name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value) | Q(comments__icontains=value))
