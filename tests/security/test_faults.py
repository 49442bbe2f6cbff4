"""Faults: a claim submission retried after a timeout, with the same
Idempotency-Key, from two clients at the same moment, makes exactly one claim."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from claims.models import Claim
from tests.claims.claims_support import TODAY, make_office, make_worker

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _body(participant):
    return {
        "phk_date": "2025-06-15",
        "phk_reason": "efficiency",
        "proof_type": "uncontested",
        "bank_name": "BRI",
        "bank_account_number": "0123456789012",
        "bank_account_holder": participant.full_name.upper(),
        "kapk_signed": True,
    }


@pytest.mark.parametrize("same_key", [True, False])
def test_concurrent_retries_make_exactly_one_claim(settings, tmp_path, same_key):
    """Four clients POST the same claim at once (same key: the retries of one
    request; different keys: a double tap): one claim exists afterwards; with
    the same key every answer carries that claim's id."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(TODAY, tick=False):
        worker = make_worker(office=make_office())
        body = _body(worker.participant)
        barrier = threading.Barrier(4)
        results = []

        def post(i):
            try:
                client = APIClient()
                client.force_authenticate(worker)
                key = "retry-key-1" if same_key else f"tap-{i}"
                barrier.wait(timeout=10)
                r = client.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
                results.append((r.status_code, r.json()))
            finally:
                connection.close()

        threads = [threading.Thread(target=post, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert len(results) == 4
    assert Claim.objects.filter(participant=worker.participant).count() == 1
    claim = Claim.objects.get(participant=worker.participant)
    ok = [body for status, body in results if status in (200, 201)]
    if same_key:
        assert len(ok) == 4 and {b["id"] for b in ok} == {claim.pk}, results
    else:
        assert ok and all(status in (200, 201, 409) for status, _ in results), results
