"""Writes of notifications: a person's choice of emails. Every change is audited."""
from boards.models import Person
from csp_portal.audit import audit_entry_create

from .models import Frequency, Preference


def preference_set(*, person: Person, frequency: str, actor=None) -> Preference:
    """Set how often ``person`` is emailed (a Frequency value) and audit the change.

    ``actor`` is the signed-in user, or None when an unsubscribe link was followed.
    Raises ValueError for a frequency that is not a Frequency value.
    """
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown email frequency {frequency!r}.")
    preference, _ = Preference.objects.get_or_create(person=person)
    before = preference.frequency
    preference.frequency = frequency
    preference.save(update_fields=["frequency", "updated_at"])
    audit_entry_create(
        obj=preference, action="notification_preference_set", actor=actor,
        summary=f"{person} chose: {preference.get_frequency_display()}",
        detail={"frequency": [before, frequency]},
    )
    return preference
