"""A JKP claim and its documents."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.banks import WIZARD_BANK_LABELS
from jkp_portal.common.fields import EncryptedTextField


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")  # the worker is filling the wizard; only they see it
    SUBMITTED = "submitted", _("Diajukan")  # the worker submitted; waits in the verifier queue
    NEEDS_CORRECTION = "needs_correction", _("Perlu perbaikan")  # a verifier asked the worker to fix something
    VERIFIED = "verified", _("Terverifikasi")  # a verifier checked it; waits for an approver (another person)
    APPROVED = "approved", _("Disetujui")  # an approver decided it eligible; the benefit starts
    REJECTED = "rejected", _("Ditolak")  # a verifier or approver rejected it, with coded reasons
    WITHDRAWN = "withdrawn", _("Dibatalkan")  # the worker withdrew it before a decision


OPEN_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.NEEDS_CORRECTION, ClaimStatus.VERIFIED)


class ProofType(models.TextChoices):
    UNCONTESTED = "uncontested", _("PHK tidak diperselisihkan")
    AGREEMENT = "agreement", _("Perjanjian bersama terdaftar di PHI")
    COURT = "court", _("Putusan PHI berkekuatan hukum tetap")
    EMPLOYER_REPORT = "employer_report", _("Laporan PHK pemberi kerja dikonfirmasi mediator")


class DocumentKind(models.TextChoices):
    PHK_LETTER = "phk_letter", _("Surat PHK dari pemberi kerja")
    NO_OBJECTION = "no_objection", _("Surat pernyataan tidak menolak PHK")
    DISNAKER_RECEIPT = "disnaker_receipt", _("Tanda terima laporan PHK ke Disnaker")
    AGREEMENT = "agreement", _("Perjanjian bersama")
    AGREEMENT_DEED = "agreement_deed", _("Akta bukti pendaftaran perjanjian bersama")
    COURT_DECISION = "court_decision", _("Putusan PHI (inkracht)")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Perjanjian kerja (PKWT)")
    BANK_BOOK = "bank_book", _("Halaman depan buku tabungan")
    OTHER = "other", _("Dokumen lain")


# Documents each proof of PHK needs (rules file, "Proof of PHK"); a PKWT worker
# always adds the employment contract (it shows the end date). A PHK reported by
# the employer and confirmed by a mediator needs no upload: the report is the proof.
PROOF_DOCUMENTS: dict[str, tuple[str, ...]] = {
    ProofType.UNCONTESTED: (DocumentKind.PHK_LETTER, DocumentKind.NO_OBJECTION, DocumentKind.DISNAKER_RECEIPT),
    ProofType.AGREEMENT: (DocumentKind.AGREEMENT, DocumentKind.AGREEMENT_DEED),
    ProofType.COURT: (DocumentKind.COURT_DECISION,),
    ProofType.EMPLOYER_REPORT: (),
}


def required_document_kinds(proof_type: str, contract_type: str) -> tuple[str, ...]:
    """The document kinds a claim must carry for its proof type and contract."""
    kinds = tuple(PROOF_DOCUMENTS.get(proof_type, ()))
    if contract_type == "PKWT":
        kinds += (DocumentKind.EMPLOYMENT_CONTRACT,)
    return kinds


# PHK reasons the rules know (claims.eligibility.PHK_REASONS), in words; the
# excluded reasons last, so the common ones are at hand on a phone.
PHK_REASON_CHOICES: tuple[tuple[str, object], ...] = (
    ("efficiency", _("Efisiensi / pengurangan karyawan")),
    ("business_closure", _("Perusahaan tutup")),
    ("bankruptcy", _("Perusahaan pailit")),
    ("merger_acquisition", _("Penggabungan, peleburan atau pengambilalihan perusahaan")),
    ("force_majeure", _("Keadaan memaksa (force majeure)")),
    ("company_loss", _("Perusahaan mengalami kerugian")),
    ("disciplinary", _("Pelanggaran disiplin / tata tertib")),
    ("other", _("Alasan lain dari pemberi kerja")),
    ("contract_ended", _("Kontrak kerja (PKWT) habis")),
    ("resignation", _("Mengundurkan diri")),
    ("retirement", _("Pensiun")),
    ("permanent_total_disability", _("Cacat total tetap")),
    ("death", _("Meninggal dunia")),
)


# Banks a benefit can be paid to (the wizard label = stored value), from the one registry.
INDONESIAN_BANKS: tuple[str, ...] = WIZARD_BANK_LABELS

# The job-search commitment (KAPK) the worker signs; kept with the claim word for word.
KAPK_STATEMENT = _(
    "Saya berkomitmen untuk aktif mencari kerja selama menerima manfaat JKP: melamar pekerjaan, "
    "mengikuti asesmen diri dan bimbingan jabatan bersama konselor JKP, mengikuti pelatihan kerja "
    "bila direkomendasikan, melaporkan kegiatan pencarian kerja setiap bulan, dan segera melapor "
    "bila saya sudah bekerja kembali."
)

# Correctable fields a verifier can point at (documents are pointed at by DocumentKind).
CORRECTABLE_FIELDS: dict[str, object] = {
    "phk_date": _("Tanggal PHK"),
    "phk_reason": _("Alasan PHK"),
    "proof_type": _("Jenis bukti PHK"),
    "bank_account": _("Rekening bank (nama bank, nomor, nama pemilik)"),
}

# Document problems a verifier or approver can cite besides the eligibility criteria codes.
DOCUMENT_PROBLEM_CODES: dict[str, object] = {
    "DOC_MISSING": _("Dokumen wajib tidak dilampirkan"),
    "DOC_INVALID": _("Dokumen tidak sah atau tidak terbaca"),
    "DOC_MISMATCH": _("Isi dokumen tidak sesuai dengan data klaim atau registri"),
    "BANK_NOT_OWN_NAME": _("Rekening bank bukan atas nama peserta"),
    "PHK_NOT_PROVEN": _("PHK tidak terbukti atau masih diperselisihkan"),
}


# What the verifier ticks for each proof type (code, text); common items first.
CHECKLIST_COMMON: tuple[tuple[str, object], ...] = (
    ("identity", _("Nama dan NIK pada dokumen sesuai dengan registri peserta")),
    ("phk_date_matches", _("Tanggal dan alasan PHK pada dokumen sesuai dengan yang diisi pekerja")),
    ("bank_own_name", _("Rekening bank atas nama peserta sendiri")),
)
CHECKLIST_BY_PROOF: dict[str, tuple[tuple[str, object], ...]] = {
    ProofType.UNCONTESTED: (
        ("phk_letter_signed", _("Surat PHK ditandatangani dan berkop perusahaan")),
        ("no_objection_signed", _("Pernyataan tidak menolak PHK ditandatangani pekerja")),
        ("disnaker_receipt_valid", _("Tanda terima laporan PHK dari Disnaker sah (cap/nomor)")),
    ),
    ProofType.AGREEMENT: (
        ("agreement_signed", _("Perjanjian bersama ditandatangani kedua pihak")),
        ("deed_registered", _("Akta bukti pendaftaran dari PHI sesuai dengan perjanjian")),
    ),
    ProofType.COURT: (("court_inkracht", _("Putusan PHI berkekuatan hukum tetap (inkracht)")),),
    ProofType.EMPLOYER_REPORT: (
        ("report_confirmed", _("Laporan PHK pemberi kerja sudah dikonfirmasi mediator Disnaker")),
    ),
}
CHECKLIST_PKWT: tuple[tuple[str, object], ...] = (
    ("contract_end_matches", _("Perjanjian kerja PKWT: tanggal akhir kontrak sesuai registri")),
)


def checklist_for(proof_type: str, contract_type: str) -> tuple[tuple[str, object], ...]:
    items = CHECKLIST_COMMON + CHECKLIST_BY_PROOF.get(proof_type, ())
    if contract_type == "PKWT":
        items += CHECKLIST_PKWT
    return items


def document_upload_path(instance, filename):
    # Random name, no trace of the uploaded file name (that is kept in original_name).
    return f"claims/{instance.claim_id}/{uuid.uuid4().hex}"


class Routing(models.TextChoices):
    """How a claim found its office, in the order the rules are tried."""

    EMPLOYER = "employer", _("kantor pemberi kerja")
    EMPLOYER_AREA = "employer_area", _("cabang wilayah pemberi kerja")
    DOMICILE = "domicile", _("cabang wilayah domisili peserta")
    NIK = "nik", _("cabang wilayah penerbit NIK")
    MANUAL = "manual", _("diarahkan petugas")


class Claim(models.Model):
    participant = models.ForeignKey("claims.Participant", on_delete=models.PROTECT, related_name="claims")
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("kantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    # Which rule chose ``office`` (claims/services/routing.py); blank while no rule routes the claim.
    routed_by = models.CharField(_("diarahkan menurut"), max_length=15, choices=Routing.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)

    phk_date = models.DateField(_("tanggal PHK"), null=True, blank=True)
    phk_reason = models.CharField(_("alasan PHK"), max_length=30, blank=True)
    proof_type = models.CharField(_("jenis bukti PHK"), max_length=20, choices=ProofType.choices, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account_number = EncryptedTextField(_("nomor rekening"), blank=True)
    bank_account_last4 = models.CharField(_("4 digit terakhir rekening"), max_length=4, blank=True)
    bank_account_holder = models.CharField(_("nama pemilik rekening"), max_length=200, blank=True)
    kapk_signed = models.BooleanField(_("KAPK ditandatangani"), default=False)
    kapk_signed_at = models.DateTimeField(_("KAPK ditandatangani pada"), null=True, blank=True)
    kapk_statement = models.TextField(_("teks KAPK yang ditandatangani"), blank=True)

    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    filed_on = models.DateField(_("tanggal pengajuan"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(_("catatan verifikasi"), blank=True)
    # {"<checklist item code>": true/false} ticked by the verifier for the proof type.
    checklist = models.JSONField(_("daftar periksa"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_date = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    rejection_reasons = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    # {"documents": [kind], "fields": [field code], "note": str, "requested_at": iso, "requested_by": username}
    correction_request = models.JSONField(_("permintaan perbaikan"), default=dict, blank=True)

    # Frozen at approval: what the decision was computed from and its result.
    rule_set = models.CharField(_("aturan"), max_length=12, blank=True)
    payer = models.CharField(_("pembayar"), max_length=10, blank=True)
    wage_base = models.DecimalField(_("dasar upah"), max_digits=14, decimal_places=2, null=True, blank=True)
    claim_deadline = models.DateField(_("batas pengajuan"), null=True, blank=True)
    verdict = models.JSONField(_("hasil kelayakan"), default=dict, blank=True)

    # Filed with the worker at a service desk (claims/services/assisted.py): the officer
    # who helped, and the session (office, desk, KTP check, consent). The officer can
    # never verify or approve this claim.
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibantu petugas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assisted_session = models.ForeignKey(
        "claims.AssistedSession",
        verbose_name=_("layanan dibantu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The KAPK was signed by the worker on paper at the desk; this officer attests it.
    kapk_attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The day the worker was reminded that this draft's claim deadline is near (once per claim).
    deadline_reminded_on = models.DateField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("klaim")
        verbose_name_plural = _("klaim")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="claim_one_open_per_participant",
            ),
            models.UniqueConstraint(
                fields=["participant", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="claim_idempotency_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "submitted_at"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self):
        return f"Klaim #{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ClaimDocument(models.Model):
    class Review(models.TextChoices):
        PENDING = "pending", _("Belum diperiksa")
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Perlu diganti")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_upload_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    review_note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    replaced = models.BooleanField(default=False)

    class Meta:
        ordering = ["claim", "kind", "uploaded_at"]
        verbose_name = _("dokumen klaim")
        verbose_name_plural = _("dokumen klaim")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.original_name})"
