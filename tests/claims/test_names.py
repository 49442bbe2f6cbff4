"""Domain rules written once (issue 15): the person-name comparison, the
account-number rule and the account creation are the same in the claim
wizard, the sign-up, and the payout account change."""

from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.banks import ACCOUNT_NUMBER_MESSAGE
from claims.names import normalize_person_name
from claims.payouts.services.benefits import validate_account
from claims.services.drafts import claim_create_draft
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.claims_support import TODAY, make_office, make_participant, make_worker, register_with_code
from tests.factories import PASSWORD

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY.replace(tzinfo=JAKARTA), tick=True):
        yield


# --- the name -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "registry"),
    [
        ("Hj. Siti Aminah", "Siti Aminah"),
        ("Ir. H. Budi Santoso", "Budi Santoso"),
        ("Budi Santoso, S.E.", "Budi Santoso"),
        ("Dr. Ahmad Fauzi, S.Kom., M.M.", "Ahmad Fauzi"),
        ("SITI  aminah.", "Siti Aminah"),
        ("Siti-Aminah", "Siti Aminah"),
        ("Siti Nur'aini", "Siti Nuraini"),
        ("Sití Amínah", "Siti Aminah"),
        ("  budi   SANTOSO ", "Budi Santoso"),
    ],
)
def test_the_same_person_written_differently_compares_equal(written, registry):
    assert normalize_person_name(written) == normalize_person_name(registry)


@pytest.mark.parametrize(
    ("written", "registry"),
    [
        ("Siti Aminah Putri", "Siti Aminah"),
        ("Budi Santosa", "Budi Santoso"),
        ("Hj.", "Siti Aminah"),
        ("Ahmad, Fauzi", "Ahmad"),
    ],
)
def test_a_different_name_stays_different(written, registry):
    assert normalize_person_name(written) != normalize_person_name(registry)


def _wizard_accepts_holder(worker, holder: str) -> bool:
    try:
        claim_create_draft(actor=worker, bank_account_holder=holder)
    except ApplicationError as exc:
        assert set(exc.errors) == {"bank_account_holder"}
        return False
    return True


def _account_change_accepts_holder(participant, holder: str) -> bool:
    try:
        validate_account(
            participant=participant, bank_code="BRI", bank_name="", account_number="0123456789", holder=holder
        )
    except ApplicationError as exc:
        assert set(exc.errors) == {"holder"}
        return False
    return True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("holder", "accepted"),
    [
        ("Hj. Siti Aminah", True),
        ("SITI AMINAH.", True),
        ("Siti Aminah, S.Pd.", True),
        ("Sití Amínah", True),
        ("Siti Aminah Putri", False),
    ],
)
def test_wizard_and_account_change_agree_on_the_account_holder(holder, accepted):
    worker = make_worker(office=make_office("KC-NAMA"), full_name="Siti Aminah")
    assert _wizard_accepts_holder(worker, holder) is accepted
    assert _account_change_accepts_holder(worker.participant, holder) is accepted


@pytest.mark.django_db
def test_sign_up_matches_the_registry_name_despite_a_title():
    participant = make_participant(make_office("KC-DAFTAR"), full_name="Siti Aminah")
    reg = register_with_code(
        nik=participant.nik,
        full_name="Hj. Siti Aminah",
        birth_date=participant.birth_date,
        email="siti@example.id",
        password=PASSWORD,
    )
    assert reg.participant == participant


# --- the account number -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0123 4567-89.01", "012345678901"),
        ("０１２３４５６７８９", "0123456789"),  # full-width digits from a phone keyboard
        ("١٢٣٤٥٦٧٨٩٠", None),  # Arabic-Indic digits: no bank takes them
        ("12345", None),
        ("1" * 21, None),
        ("12345x78", None),
    ],
)
def test_wizard_and_account_change_apply_one_account_number_rule(typed, stored):
    worker = make_worker(office=make_office("KC-REK"))
    participant = worker.participant
    message = str(ACCOUNT_NUMBER_MESSAGE)
    if stored is None:
        with pytest.raises(ApplicationError) as wizard:
            claim_create_draft(actor=worker, bank_account_number=typed)
        assert wizard.value.errors == {"bank_account_number": [message]}
        with pytest.raises(ApplicationError) as change:
            validate_account(
                participant=participant,
                bank_code="BRI",
                bank_name="",
                account_number=typed,
                holder=participant.full_name,
            )
        assert change.value.errors == {"account_number": [message]}
    else:
        claim, _created = claim_create_draft(actor=worker, bank_account_number=typed)
        assert claim.bank_account_number == stored
        data = validate_account(
            participant=participant, bank_code="BRI", bank_name="", account_number=typed, holder=participant.full_name
        )
        assert data["number"] == stored


# --- the account ------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_creates_the_account_through_user_create_and_its_audit_event():
    participant = make_participant(make_office("KC-AKUN"), full_name="Budi Santoso")
    reg = register_with_code(
        nik=participant.nik,
        full_name="Budi Santoso",
        birth_date=participant.birth_date,
        email="budi@example.id",
        password=PASSWORD,
    )
    user = reg.user
    assert user.roles == ["worker"] and not user.is_staff and not user.is_superuser
    assert (user.username, user.nik, user.phone) == (participant.nik, participant.nik, "+6281234567890")
    created = AuditEvent.objects.filter(action="user_created", object_id=str(user.pk))
    assert created.count() == 1 and created.get().data == {"roles": ["worker"]}
    assert AuditEvent.objects.filter(action="worker_registered", object_id=str(user.pk)).exists()
