"""The action log's filter form: RAG status, open/closed, lead, meeting raised, overdue, search."""
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters.fields import ModelChoiceField

from boards.models import Board, Meeting
from csp_portal import clock
from csp_portal.widgets import QuickSelect

from .models import Action, RagStatus
from .selectors import action_leads, action_log, action_log_board_ids, action_raising_meetings

_SELECT = {"class": "govuk-select"}


# A long-running board's log has hundreds of meetings: the "Meeting raised" list offers
# the latest few (and the one chosen); older meetings are found by date.
RECENT_MEETINGS = 12


def meeting_label(meeting: Meeting) -> str:
    """ "13 December 2017", with the meeting's title in brackets if it has one."""
    label = f"{timezone.localtime(meeting.start):%-d %B %Y}"
    return f"{label} ({meeting.title})" if meeting.title else label


class MeetingChoiceField(ModelChoiceField):
    """Meetings listed by date ("13 December 2017"), as the log names them."""

    def label_from_instance(self, obj: Meeting) -> str:
        return meeting_label(obj)


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
    ``raised_at`` accepts any of those meetings but lists only the RECENT_MEETINGS
    latest (and the chosen one); ``raised_on`` (dd/mm/yyyy) finds the others by date.
    """

    subgroups = django_filters.ChoiceFilter(
        label="Boards", choices=[("include", "Include subgroups")],
        empty_label="This board only", method="filter_subgroups",
        widget=QuickSelect(attrs=_SELECT),
    )

    rag_status = django_filters.ChoiceFilter(
        label="RAG status", choices=RagStatus.choices, empty_label="Any",
        widget=QuickSelect(attrs=_SELECT),
    )
    status = django_filters.ChoiceFilter(
        label="Open or closed", choices=Action.Status.choices, empty_label="Open and closed",
        widget=QuickSelect(attrs=_SELECT),
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead", field_name="lead_people", queryset=None, empty_label="Anyone",
        widget=QuickSelect(attrs=_SELECT),
    )
    raised_at = MeetingChoiceFilter(
        label="Meeting raised", queryset=None, empty_label="Any meeting",
        widget=QuickSelect(attrs=_SELECT),
    )
    raised_on = django_filters.DateFilter(
        label="Or a meeting on (dd/mm/yyyy)", field_name="raised_at__start", lookup_expr="date",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"],
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10",
                                      "inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue", choices=[("yes", "Yes"), ("no", "No")], empty_label="Either",
        method="filter_overdue", widget=QuickSelect(attrs=_SELECT),
    )
    q = django_filters.CharFilter(
        label="Search descriptions and comments", method="filter_text",
        widget=forms.TextInput(attrs={"class": "govuk-input", "type": "search"}),
    )

    class Meta:
        model = Action
        fields = [
            "subgroups", "rag_status", "status", "lead", "raised_at", "raised_on", "overdue", "q",
        ]

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
        self.filters["raised_at"].queryset = action_raising_meetings(board_ids=board_ids)

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            field = form.fields["raised_at"]
            shown = list(field.queryset[:RECENT_MEETINGS])
            chosen = self.data.get("raised_at", "")
            if chosen.isdigit() and all(str(m.pk) != chosen for m in shown):
                shown += list(field.queryset.filter(pk=chosen))
            # Only the widget's list is short: the field still accepts any listed meeting.
            field.widget.choices = [("", field.empty_label)] + [
                (m.pk, meeting_label(m)) for m in shown
            ]
            # Leads are listed from (pk, name) pairs: no Person objects are built to list them.
            lead = form.fields["lead"]
            lead.widget.choices = [("", lead.empty_label), *lead.queryset.values_list("pk", "name")]
        return self._form

    def applied(self) -> list[str]:
        """The filters in force, in words, for an export's title and file name:
        ["Open actions", "RAG Red", "Lead Kate Sandercock", ...]. Call after ``qs``."""
        data = getattr(self.form, "cleaned_data", {})
        status = data.get("status")
        statuses = {"open": "Open actions", "closed": "Closed actions"}
        words = [statuses.get(status, "Open and closed")]
        if self.includes_subgroups:
            words.append("Including subgroups")
        if data.get("rag_status"):
            words.append(f"RAG {RagStatus(data['rag_status']).label}")
        if data.get("lead"):
            words.append(f"Lead {data['lead'].name}")
        if data.get("raised_at"):
            words.append(f"Raised {meeting_label(data['raised_at'])}")
        if data.get("raised_on"):
            day = data["raised_on"]
            words.append(f"Raised {day.day} {day:%B %Y}")
        if data.get("overdue"):
            words.append("Overdue" if data["overdue"] == "yes" else "Not overdue")
        if (data.get("q") or "").strip():
            words.append(f"Matching \"{data['q'].strip()}\"")
        return words

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
