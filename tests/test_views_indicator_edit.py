"""Defining and editing indicators: every one-page-summary block, unit and target rules."""
from decimal import Decimal

import pytest
from django.urls import reverse

from boards.models import Membership
from csp_portal.models import AuditEntry
from indicators.models import Indicator
from tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    return IndicatorFactory(reference="1a", name="Burglary")


@pytest.fixture
def editor(indicator):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), board=indicator.owning_subgroup,
                      role=Membership.Role.OFFICER)
    return user


def _data(indicator, **changes):
    data = {
        "reference": "1a", "name": "Burglary", "short_name": "", "owning_subgroup":
        indicator.owning_subgroup.pk, "position": "1", "source": "MetStats2",
        "definition": "Burglary offences", "how_it_works": "Counted monthly",
        "what_good_looks_like": "Fewer", "why_important": "Harm", "issues_to_consider": "None",
        "unit": "count", "unit_label": "offences", "population_label": "",
        "frequency": "monthly", "target_type": "reduction", "target_text": "Reduce",
        "target_value": "", "target_lower": "", "target_upper": "",
        "green_threshold_pct": "5", "red_threshold_pct": "5", "lead": "DI Smith",
        "lead_title": "Detective Inspector",
    }
    data.update(changes)
    return data


def _edit_url(indicator):
    return reverse("indicators:indicator_edit", kwargs={
        "slug": indicator.board.slug, "reference": indicator.reference,
    })


def test_editor_changes_the_one_page_summary(client, indicator, editor):
    client.force_login(editor)
    assert client.get(_edit_url(indicator)).status_code == 200
    response = client.post(_edit_url(indicator), _data(indicator))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.source == "MetStats2" and indicator.lead == "DI Smith"
    entry = AuditEntry.objects.get(action="indicator.updated")
    assert entry.detail["source"] == ["", "MetStats2"]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"target_type": "range", "target_lower": "40", "target_upper": "28"}, "target_upper",
     "upper end"),
    ({"target_type": "ceiling"}, "target_value", "ceiling"),
    ({"target_type": "reduction", "green_threshold_pct": ""}, "green_threshold_pct",
     "Green threshold"),
    ({"unit": "rate_per_100000"}, "population_label", "population"),
])
def test_target_rules_reshow_the_form(client, indicator, editor, changes, field, message):
    client.force_login(editor)
    response = client.post(_edit_url(indicator), _data(indicator, **changes))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body and message in body
    assert "MetStats2" in body  # what was typed is kept


def test_define_an_in_development_indicator(client, indicator, editor):
    client.force_login(editor)
    url = reverse("indicators:indicator_create", kwargs={"slug": indicator.board.slug})
    response = client.post(url, _data(indicator, reference="9", target_type="in_development",
                                      green_threshold_pct="", red_threshold_pct=""))
    assert response.status_code == 302
    created = Indicator.objects.get(reference="9")
    assert created.in_development and created.target_type == "monitoring"
    assert created.green_threshold_pct == Decimal("5.00")


def test_officer_of_another_subgroup_is_refused(client, indicator):
    other = UserFactory()
    MembershipFactory(person=PersonFactory(user=other),
                      board=SubgroupFactory(parent=indicator.board),
                      role=Membership.Role.OFFICER)
    client.force_login(other)
    assert client.get(_edit_url(indicator)).status_code == 403
