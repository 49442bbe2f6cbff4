"""The choices and limits the calculator page and API offer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from claims.eligibility import EXCLUDED_REASONS, PHK_REASONS
from claims.models.claims import PHK_REASON_CHOICES

MAX_PAID_MONTHS = 600
MAX_PREVIOUS_CLAIMS_API = 10
PREVIOUS_CLAIM_SLOTS = 3
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

CITIZENSHIP_CHOICES = [
    ("WNI", gettext_lazy("WNI (Warga Negara Indonesia)")),
    ("WNA", gettext_lazy("WNA (Warga Negara Asing)")),
]
SIZE_CHOICES = [
    ("large", gettext_lazy("Besar")),
    ("medium", gettext_lazy("Menengah")),
    ("small", gettext_lazy("Kecil")),
    ("micro", gettext_lazy("Mikro")),
]
PROGRAM_CHOICES = [
    ("JKN", gettext_lazy("JKN – Jaminan Kesehatan Nasional (BPJS Kesehatan)")),
    ("JKK", gettext_lazy("JKK – Jaminan Kecelakaan Kerja")),
    ("JKM", gettext_lazy("JKM – Jaminan Kematian")),
    ("JHT", gettext_lazy("JHT – Jaminan Hari Tua")),
    ("JP", gettext_lazy("JP – Jaminan Pensiun")),
]
SEGMENT_CHOICES = [
    ("PPU", gettext_lazy("PPU – pekerja penerima upah (iuran lewat perusahaan)")),
    ("PBI", gettext_lazy("PBI – penerima bantuan iuran (dibayar pemerintah)")),
    ("PBPU", gettext_lazy("PBPU – peserta mandiri (bayar sendiri)")),
]
CONTRACT_CHOICES = [
    ("PKWTT", gettext_lazy("PKWTT – karyawan tetap")),
    ("PKWT", gettext_lazy("PKWT – karyawan kontrak (waktu tertentu)")),
]
# The portal's one label set for PHK reasons (the wizard's and the employer form's too).
REASON_LABELS = dict(PHK_REASON_CHOICES)
# Reasons that never give JKP: the excluded ones and a fixed-term contract that simply runs out.
NO_BENEFIT_REASONS = (*sorted(EXCLUDED_REASONS, key=PHK_REASONS.index), "contract_ended")
REASON_CHOICES = [
    ("", gettext_lazy("— pilih alasan PHK —")),
    (
        gettext_lazy("Alasan yang dapat menerima JKP"),
        [(r, REASON_LABELS[r]) for r in PHK_REASONS if r not in NO_BENEFIT_REASONS],
    ),
    (
        gettext_lazy("Tidak mendapat JKP"),
        [(r, REASON_LABELS[r]) for r in PHK_REASONS if r in NO_BENEFIT_REASONS],
    ),
]
