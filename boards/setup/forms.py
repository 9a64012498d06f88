"""Forms of the clerk's set-up pages (GOV.UK components through crispy-forms-gds).

Forms only check and convert what was typed; boards.setup.services enforces the rules and
its ValidationErrors, keyed by these forms' field names, are shown on the form.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.utils import timezone

from ..models import Board, BoardKind, Membership, Organisation, Person
from .services import BOARD_FIELDS, ORGANISATION_FIELDS, PERSON_FIELDS


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class _Named(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, Person):
            return obj.name_and_post
        return obj.name


class _Date(DateInputField):
    """A GOV.UK date that may be left blank; a part missing is an error."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(require_all_fields=False, **kwargs)
        for part in self.fields:
            part.required = False

    def clean(self, value: Any) -> dt.date | None:
        day, month, year = [str(p or "").strip() for p in list(value or []) + [None] * 3][:3]
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(f"Enter the {self.label.lower()}")
            return None
        if not (day and month and year):
            raise forms.ValidationError(f"{self.label} must include a day, month and year")
        try:
            result = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.label} must be a real date") from None
        if result.year < 1900:
            raise forms.ValidationError(f"{self.label} must be a real date, with a 4-digit year")
        return result


class OrganisationForm(forms.Form):
    """An organisation: its name, short name, and whether it is a responsible authority."""

    name = forms.CharField(label="Name", max_length=200,
                           error_messages={"required": "Enter the organisation's name"})
    short_name = forms.CharField(label="Short name (optional)", max_length=50, required=False,
                                 help_text='For example "LBBD" or "MET Police".')
    responsible_authority = forms.BooleanField(
        label="A responsible authority (statutory partner)", required=False,
        help_text="The council, police, probation, health and fire and rescue are the "
                  "responsible authorities under the Crime and Disorder Act 1998.",
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any):
        if organisation is not None:
            kwargs.setdefault("initial", {f: getattr(organisation, f)
                                          for f in ORGANISATION_FIELDS})
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name"),
                              Field.text("short_name", field_width=Fluid.ONE_THIRD),
                              Field.checkbox("responsible_authority", small=True),
                              submit="Save organisation")

    def values(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in ORGANISATION_FIELDS}


class PersonForm(forms.Form):
    """A person: name, post title, organisation, email and phone."""

    name = forms.CharField(label="Name", max_length=200,
                           error_messages={"required": "Enter the person's name"})
    post_title = forms.CharField(label="Post title (optional)", max_length=200, required=False)
    organisation = _Named(label="Organisation (optional)", queryset=Organisation.objects.none(),
                          required=False, empty_label="None")
    email = forms.CharField(label="Email address (optional)", max_length=254, required=False)
    phone = forms.CharField(label="Phone (optional)", max_length=50, required=False)

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any):
        if person is not None:
            kwargs.setdefault("initial", {f: getattr(person, f) for f in PERSON_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.helper = _helper(Field.text("name"), Field.text("post_title"),
                              Field.select("organisation"),
                              Field.text("email", field_width=Fluid.TWO_THIRDS),
                              Field.text("phone", field_width=Fluid.ONE_THIRD),
                              submit="Save person")

    def values(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in PERSON_FIELDS}


class BoardKindForm(forms.Form):
    """A new kind of board, e.g. "Scrutiny committee"."""

    name = forms.CharField(label="New kind of board", max_length=100,
                           help_text='For example "Delivery group" or "Panel".',
                           error_messages={"required": "Enter the name of the kind of board"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name", field_width=Fluid.TWO_THIRDS),
                              submit="Add kind of board")


class BoardForm(forms.Form):
    """A board: name, short name, web address name (slug), kind, the board it reports to,
    whether its officer roles act on that board (boards.access), and its terms of
    reference. ``parents`` and ``may_be_top`` come from
    boards.setup.selectors.parent_choices; with ``fixed_parent`` the form has no parent
    field (the view gives the parent)."""

    name = forms.CharField(label="Name", max_length=200,
                           error_messages={"required": "Enter the board's name"})
    short_name = forms.CharField(label="Short name (optional)", max_length=50, required=False)
    slug = forms.SlugField(
        label="Web address name", max_length=100,
        help_text="Lower-case letters, digits and hyphens, for example vawg. It appears in "
                  "the board's web address.",
        error_messages={"required": "Enter the board's web address name"},
    )
    kind = _Named(label="Kind of board", queryset=BoardKind.objects.none(),
                  empty_label="Choose a kind",
                  error_messages={"required": "Choose the kind of board"})
    parent = _Named(label="Reports to", queryset=Board.objects.none(), required=False)
    terms_of_reference = forms.CharField(label="Terms of reference (optional)", required=False,
                                         widget=forms.Textarea)
    reports_to_parent = forms.BooleanField(
        label="It reports to the board above it", required=False,
        help_text="Its chairs, officers, clerks and minute takers then act as officers of that "
                  "board (record minutes, raise actions, write its update reports). Its other "
                  "members never do.",
    )

    def __init__(self, *args: Any, parents: Any = None, may_be_top: bool = False,
                 board: Board | None = None, fixed_parent: bool = False, **kwargs: Any):
        if board is not None:
            kwargs.setdefault("initial", {f: getattr(board, f) for f in BOARD_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = BoardKind.objects.order_by("position", "name")
        if fixed_parent:
            del self.fields["parent"]
        else:
            parent = self.fields["parent"]
            parent.queryset = parents
            parent.required = not may_be_top
            parent.empty_label = ("No board: it is a partnership's top board" if may_be_top
                                  else None)
        self.helper = _helper(Field.text("name"),
                              Field.text("short_name", field_width=Fluid.ONE_THIRD),
                              Field.text("slug", field_width=Fluid.ONE_THIRD),
                              Field.select("kind"),
                              *([] if fixed_parent else [Field.select("parent")]),
                              Field.checkbox("reports_to_parent", small=True),
                              Field.textarea("terms_of_reference", rows=5),
                              submit="Save board")

    def values(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in BOARD_FIELDS if f in self.fields}


class MembershipForm(forms.Form):
    """A seat on the board: a person's, or an organisation's with its named representative
    and deputy; the role, the title on the board and the dates."""

    SEATS = [("person", "A person"), ("organisation", "An organisation")]

    seat = forms.ChoiceField(label="Who holds the seat?", choices=SEATS,
                             widget=forms.RadioSelect, initial="person")
    organisation = _Named(label="Organisation", queryset=Organisation.objects.none(),
                          required=False, empty_label="Choose an organisation",
                          help_text="For an organisation's seat.")
    person = _Named(label="Person", queryset=Person.objects.none(), required=False,
                    empty_label="Choose a person",
                    help_text="The member, or the organisation's named representative "
                              "(optional for an organisation).")
    deputy = _Named(label="Deputy (optional)", queryset=Person.objects.none(), required=False,
                    empty_label="None", help_text="Who stands in for the representative.")
    role = forms.ChoiceField(label="Role", choices=Membership.Role.choices,
                             widget=forms.RadioSelect, initial=Membership.Role.MEMBER)
    title_on_board = forms.CharField(label="Title on the board (optional)", max_length=200,
                                     required=False,
                                     help_text='For example "SNB Chair" or "Portfolio Holder".')
    start_date = _Date(label="Start date (optional)")
    end_date = _Date(label="End date (optional)")

    def __init__(self, *args: Any, membership: Membership | None = None, **kwargs: Any):
        if membership is not None:
            kwargs.setdefault("initial", {
                "seat": "organisation" if membership.organisation_id else "person",
                "organisation": membership.organisation, "person": membership.person,
                "deputy": membership.deputy, "role": membership.role,
                "title_on_board": membership.title_on_board,
                "start_date": membership.start_date, "end_date": membership.end_date,
            })
        super().__init__(*args, **kwargs)
        people = Person.objects.order_by("name")
        self.fields["person"].queryset = people
        self.fields["deputy"].queryset = people
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.helper = _helper(
            Field.radios("seat", legend_size=Size.SMALL, inline=True),
            Field.select("organisation"), Field.select("person"), Field.select("deputy"),
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Field.text("title_on_board", field_width=Fluid.TWO_THIRDS),
            Field("start_date"), Field("end_date"),
            submit="Save membership",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("seat") == "organisation":
            if data.get("organisation") is None:
                self.add_error("organisation", "Choose the organisation that holds the seat")
        else:
            data["organisation"], data["deputy"] = None, None
            if data.get("person") is None:
                self.add_error("person", "Choose the person who holds the seat")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {f: data[f] for f in ("person", "organisation", "deputy", "role",
                                     "title_on_board", "start_date", "end_date")}


class MembershipEndForm(forms.Form):
    """When a membership ends: its last day (today unless changed)."""

    end_date = _Date(label="Last day of the membership", required=True,
                     help_text="For example, 31 3 2026")

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("end_date"), submit="End membership")
