"""The action log's filter form: RAG status, open/closed and lead."""
from typing import Any

import django_filters
from django import forms

from boards.models import Board

from .models import Action, RagStatus
from .selectors import action_leads


class ActionFilter(django_filters.FilterSet):
    """Filters a board's action log. Open actions only unless ``status`` is given.

    ``status=""`` ("Open and closed") shows every action. ``lead`` offers only
    people who lead one of ``board``'s actions.
    """

    rag_status = django_filters.ChoiceFilter(
        label="RAG status",
        choices=RagStatus.choices,
        empty_label="Any",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    status = django_filters.ChoiceFilter(
        label="Open or closed",
        choices=Action.Status.choices,
        empty_label="Open and closed",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead",
        field_name="lead_people",
        queryset=None,
        empty_label="Anyone",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    class Meta:
        model = Action
        fields = ["rag_status", "status", "lead"]

    def __init__(self, data: Any = None, *args: Any, board: Board, **kwargs: Any) -> None:
        data = data.copy() if data is not None else {}
        if "status" not in data:
            data["status"] = Action.Status.OPEN
        super().__init__(data, *args, **kwargs)
        self.filters["lead"].queryset = action_leads(board=board)
