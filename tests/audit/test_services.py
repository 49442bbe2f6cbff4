"""The audit trail's writers: who did it (a person, a system label, nobody),
one event or many at once, and the personal-data access log."""

import pytest
from django.test import RequestFactory

from jkp_portal.accounts.models import Office
from jkp_portal.audit.models import AuditEvent, PersonalDataAccess
from jkp_portal.audit.selectors import audit_events_for, audit_key_in_scope
from jkp_portal.audit.services import audit_record, audit_record_many, log_personal_data_access
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def test_an_event_names_a_person_a_system_label_or_the_system(make_user):
    staff = make_user("verifier")
    subject = make_user("worker")
    by_person = audit_record(actor=staff, obj=subject, action="test.changed", from_state="a", to_state="b")
    by_task = audit_record(actor="celery:test", obj=subject, action="test.changed")
    by_nobody = audit_record(actor=None, obj=subject, action="test.changed", reason="alasan", data={"k": 1})
    assert (by_person.actor, by_person.actor_label) == (staff, staff.username)
    assert (by_task.actor, by_task.actor_label) == (None, "celery:test")
    assert (by_nobody.actor, by_nobody.actor_label, by_nobody.reason, by_nobody.data) == (
        None,
        "system",
        "alasan",
        {"k": 1},
    )
    assert list(audit_events_for(subject)) == [by_person, by_task, by_nobody]
    assert (by_person.from_state, by_person.to_state) == ("a", "b")


def test_many_objects_get_one_event_each_and_none_is_nothing(make_user):
    users = [make_user("worker") for _ in range(3)]
    assert audit_record_many(actor="celery:test", objs=[], action="test.bulk") == 0
    assert audit_record_many(actor="celery:test", objs=users, action="test.bulk") == 3
    assert AuditEvent.objects.filter(action="test.bulk").count() == 3
    for user in users:
        assert audit_events_for(user).get().actor_label == "celery:test"


def test_personal_data_access_is_one_record_per_request_and_person(make_user):
    staff = make_user("verifier")
    person = make_user("worker")
    request = RequestFactory().get("/petugas/klaim/1/")
    request.user = staff
    first = log_personal_data_access(request, person, ["nik"])
    again = log_personal_data_access(request, person, ["nik", "phone"])
    assert again.pk == first.pk
    record = PersonalDataAccess.objects.get()
    assert (record.user, record.fields, record.purpose) == (staff, ["nik", "phone"], "/petugas/klaim/1/")


def test_looking_at_ones_own_data_is_not_logged(make_user):
    person = make_user("worker")
    request = RequestFactory().get("/akun/")
    request.user = person
    assert log_personal_data_access(request, person, ["nik"]) is None
    assert not PersonalDataAccess.objects.exists()


def test_staff_read_the_trail_of_their_office_scope_only(make_user):
    regional = OfficeFactory(kind=Office.Kind.REGIONAL)
    branch = OfficeFactory(parent=regional)
    other_branch = OfficeFactory()
    head = OfficeFactory(kind=Office.Kind.HEAD)
    subject = make_user("verifier", office=branch)
    key = {"app_label": "accounts", "model": "user", "object_id": str(subject.pk)}
    assert audit_key_in_scope(user=make_user("verifier", office=branch), **key)
    assert audit_key_in_scope(user=make_user("supervisor", office=regional), **key)
    assert audit_key_in_scope(user=make_user("supervisor", office=head), **key)
    assert not audit_key_in_scope(user=make_user("verifier", office=other_branch), **key)
    assert not audit_key_in_scope(user=make_user("verifier"), **key)  # no office: nothing
    assert not audit_key_in_scope(
        user=make_user("supervisor", office=branch), app_label="accounts", model="user", object_id="x"
    )
