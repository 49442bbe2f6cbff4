from .claims import OPEN_STATUSES, Claim, ClaimDocument, ClaimStatus, DocumentKind, ProofType  # noqa: F401
from .registry import Contribution, Employer, EmployerSize, Participant, RegistryImport, Sector  # noqa: F401
