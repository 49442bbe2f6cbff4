"""Locust scenario for issue 10: workers sign in, follow and file claims while
staff verify and approve. Driven by ``bench/bench_load.py`` (which seeds the
accounts, starts gunicorn with the production settings and checks the result);
it can also be pointed at any portal seeded the same way:

    locust -f bench/locustfile.py --headless --host http://127.0.0.1:8077 \\
        -u 220 -r 1 -t 5m    # with BENCH_LOAD_ACCOUNTS=var/bench/load-accounts.json

Every worker signs in once (token), then keeps checking the status of its
claims; the first time through it files a claim: the draft (sent twice with the
same ``Idempotency-Key``, as a phone on a bad network would), the three
documents of an uncontested PHK, and the submission. Verifiers take the oldest
submitted claim of their office and verify it; approvers approve the oldest
verified one (a claim that another staff member took first answers 409, which
is expected and not an error).
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import uuid
from pathlib import Path

from locust import HttpUser, between, task

ACCOUNTS = json.loads(Path(os.environ.get("BENCH_LOAD_ACCOUNTS", "var/bench/load-accounts.json")).read_text())
PDF = Path(ACCOUNTS["pdf"]).read_bytes()
_lock = threading.Lock()
_workers = itertools.cycle(ACCOUNTS["workers"])
_verifiers = itertools.cycle(ACCOUNTS["verifiers"])
_approvers = itertools.cycle(ACCOUNTS["approvers"])


def _next(source):
    with _lock:
        return next(source)


class _PortalUser(HttpUser):
    abstract = True
    token = ""

    def sign_in(self, username: str) -> None:
        with self.client.post(
            "/api/v1/auth/token/",
            json={"username": username, "password": ACCOUNTS["password"]},
            name="POST /auth/token/",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"sign-in {response.status_code}: {response.text[:200]}")
                return
            self.token = response.json()["token"]
        self.client.headers["Authorization"] = f"Token {self.token}"


class Worker(_PortalUser):
    fixed_count = ACCOUNTS["worker_count"]
    wait_time = between(2, 6)

    def on_start(self):
        self.account = _next(_workers)
        self.claim_id = None
        self.sign_in(self.account["username"])

    @task(4)
    def check_status(self):
        response = self.client.get("/api/v1/claims/", name="GET /claims/ (worker)")
        if response.status_code == 200 and response.json()["results"]:
            self.claim_id = response.json()["results"][0]["id"]
            self.client.get(f"/api/v1/claims/{self.claim_id}/", name="GET /claims/{id}/ (worker)")

    @task(1)
    def file_claim(self):
        if self.claim_id is not None:
            return
        key = str(uuid.uuid4())
        body = {
            "phk_date": ACCOUNTS["phk_date"],
            "phk_reason": "efficiency",
            "proof_type": "uncontested",
            "bank_name": "BRI",
            "bank_account_number": self.account["bank_account"],
            "bank_account_holder": self.account["full_name"],
            "kapk_signed": True,
        }
        ids = set()
        for _attempt in range(2):  # the retry after a lost answer must return the same claim
            with self.client.post(
                "/api/v1/claims/",
                json=body,
                headers={"Idempotency-Key": key},
                name="POST /claims/ (draft, Idempotency-Key)",
                catch_response=True,
            ) as response:
                if response.status_code not in (200, 201):
                    response.failure(f"draft {response.status_code}: {response.text[:200]}")
                    return
                ids.add(response.json()["id"])
        if len(ids) != 1:
            raise AssertionError(f"the same Idempotency-Key made {len(ids)} claims")
        claim_id = ids.pop()
        for kind in ("phk_letter", "no_objection", "disnaker_receipt"):
            self.client.post(
                f"/api/v1/claims/{claim_id}/documents/",
                data={"kind": kind},
                files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
                name="POST /claims/{id}/documents/",
            )
        self.client.post(f"/api/v1/claims/{claim_id}/submit/", json={}, name="POST /claims/{id}/submit/")
        self.claim_id = claim_id


class _Staff(_PortalUser):
    abstract = True
    wait_time = between(1, 3)
    queue_status = ""

    def on_start(self):
        self.sign_in(self.account_source()["username"])

    def take_oldest(self, action: str, body: dict) -> None:
        response = self.client.get(
            f"/api/v1/claims/?status={self.queue_status}", name=f"GET /claims/?status={self.queue_status}"
        )
        if response.status_code != 200:
            return
        for row in response.json()["results"][:3]:
            with self.client.post(
                f"/api/v1/claims/{row['id']}/{action}/",
                json=body,
                name=f"POST /claims/{{id}}/{action}/",
                catch_response=True,
            ) as answer:
                if answer.status_code == 200:
                    return
                if answer.status_code == 409:  # a colleague was quicker: not an error
                    answer.success()
                    continue
                answer.failure(f"{action} {answer.status_code}: {answer.text[:200]}")
                return


class Verifier(_Staff):
    fixed_count = ACCOUNTS["verifier_count"]
    queue_status = "submitted"

    def account_source(self):
        return _next(_verifiers)

    @task
    def verify(self):
        self.take_oldest("verify", {"decision": "verified", "note": "lengkap", "checklist": ACCOUNTS["checklist"]})


class Approver(_Staff):
    fixed_count = ACCOUNTS["approver_count"]
    queue_status = "verified"

    def account_source(self):
        return _next(_approvers)

    @task
    def approve(self):
        self.take_oldest("approve", {"note": "disetujui"})
