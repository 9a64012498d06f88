"""The Django admin keeps the services' rules: confirmed minutes and published papers are
read-only, a meeting's state cannot be edited there, audit entries are never changed or
deleted (in the admin or through the ORM), deletes into confirmed records are refused with
a message, and every admin change writes an audit entry."""
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from boards.models import AgendaItem, Meeting, Minute, Paper
from csp_portal.audit import audit_entry_create
from csp_portal.models import AuditEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _delete_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


def test_a_confirmed_minute_is_read_only_in_the_admin(admin_client):
    meeting = f.MeetingFactory(status=Meeting.Status.MINUTES_CONFIRMED)
    minute = f.MinuteFactory(agenda_item=f.AgendaItemFactory(meeting=meeting), text="As agreed")
    page = admin_client.get(_change_url(minute)).content.decode()
    assert 'name="text"' not in page  # shown, not editable
    response = admin_client.post(_change_url(minute), {"agenda_item": minute.agenda_item_id,
                                                       "text": "Rewritten", "decisions": ""})
    assert response.status_code == 403
    minute.refresh_from_db()
    assert minute.text == "As agreed"


def test_a_draft_minute_can_be_changed_and_the_change_is_audited(admin_client):
    minute = f.MinuteFactory(text="Draft")
    response = admin_client.post(_change_url(minute), {"agenda_item": minute.agenda_item_id,
                                                       "text": "Draft, corrected",
                                                       "decisions": ""})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin_change", object_id=str(minute.pk))
    assert entry.object_type == "boards.minute" and entry.actor.username == "root"
    assert entry.detail["changed"]["text"] == ["Draft", "Draft, corrected"]


def test_a_meetings_status_cannot_be_edited_to_reopen_its_minutes(admin_client):
    meeting = f.MeetingFactory(status=Meeting.Status.HELD)
    page = admin_client.get(_change_url(meeting)).content.decode()
    assert 'name="status"' not in page
    confirmed = f.MeetingFactory(status=Meeting.Status.MINUTES_CONFIRMED)
    response = admin_client.post(_change_url(confirmed), {"status": "held"})
    assert response.status_code == 403
    confirmed.refresh_from_db()
    assert confirmed.status == Meeting.Status.MINUTES_CONFIRMED


def test_a_published_paper_is_read_only_in_the_admin(admin_client):
    meeting = f.MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    paper = f.PaperFactory(agenda_item=f.AgendaItemFactory(meeting=meeting), title="As sent")
    page = admin_client.get(_change_url(paper)).content.decode()
    assert 'name="title"' not in page
    planned = f.PaperFactory(title="Draft")
    assert 'name="title"' in admin_client.get(_change_url(planned)).content.decode()


def test_deleting_an_item_of_a_confirmed_meeting_in_the_admin_is_refused_with_a_message(
    admin_client,
):
    meeting = f.MeetingFactory(status=Meeting.Status.MINUTES_CONFIRMED)
    item = f.AgendaItemFactory(meeting=meeting)
    f.MinuteFactory(agenda_item=item)
    f.PaperFactory(agenda_item=item)
    page = admin_client.get(_delete_url(item)).content.decode()
    assert "protected" in page and "confirmed or published record" in page
    response = admin_client.post(_delete_url(item), {"post": "yes"})
    assert response.status_code in (200, 403)
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert Minute.objects.filter(agenda_item=item).exists()
    assert Paper.objects.filter(agenda_item=item).exists()
    page = admin_client.get(_delete_url(meeting)).content.decode()
    assert "protected" in page
    admin_client.post(_delete_url(meeting), {"post": "yes"})
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_deleting_in_the_admin_is_audited(admin_client):
    org = f.OrganisationFactory(name="Old partner")
    admin_client.post(_delete_url(org), {"post": "yes"})
    entry = AuditEntry.objects.get(action="admin_delete")
    assert entry.object_type == "boards.organisation" and entry.summary.endswith("Old partner")


def test_adding_in_the_admin_is_audited(admin_client):
    response = admin_client.post(reverse("admin:boards_organisation_add"),
                                 {"name": "New partner", "short_name": ""})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="admin_add",
                                     object_type="boards.organisation").count() == 1


def test_audit_entries_cannot_be_changed_or_deleted_in_the_admin(admin_client):
    entry = audit_entry_create(obj=f.OrganisationFactory(), action="x", summary="kept")
    assert admin_client.post(_change_url(entry), {"summary": "gone"}).status_code == 403
    assert admin_client.post(_delete_url(entry), {"post": "yes"}).status_code == 403
    response = admin_client.post(reverse("admin:csp_portal_auditentry_changelist"), {
        "action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk, summary="kept").exists()
    assert response.status_code in (200, 302, 403)


def test_audit_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = audit_entry_create(obj=f.OrganisationFactory(), action="x", summary="kept")
    entry.summary = "gone"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="gone")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == "kept"


def test_an_actions_restriction_cannot_be_cleared_in_the_admin(admin_client):
    action = f.ActionFactory(exempt_paragraph=7)
    page = admin_client.get(_change_url(action)).content.decode()
    assert 'name="exempt_paragraph"' not in page


def test_every_admin_writes_the_audit_trail_or_cannot_write():
    from django.contrib import admin
    from django.test import RequestFactory

    from csp_portal.admin_audit import AuditedModelAdmin

    request = RequestFactory().get("/admin/")
    request.user = f.UserFactory(is_staff=True, is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        writes = (model_admin.has_add_permission(request)
                  or model_admin.has_change_permission(request)
                  or model_admin.has_delete_permission(request))
        assert isinstance(model_admin, AuditedModelAdmin) or not writes, model


def test_adding_a_group_in_the_admin_is_audited(admin_client):
    from django.contrib.auth.models import Group

    admin_client.post(reverse("admin:auth_group_add"), {"name": "Clerks"})
    group = Group.objects.get(name="Clerks")
    assert AuditEntry.objects.filter(action="admin_add", object_type="auth.group",
                                     object_id=str(group.pk)).exists()
