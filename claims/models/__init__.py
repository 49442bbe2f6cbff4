from .assisted import AssistedSession  # noqa: F401
from .claims import OPEN_STATUSES, Claim, ClaimDocument, ClaimStatus, DocumentKind, ProofType, Routing  # noqa: F401
from .registry import (  # noqa: F401
    Contribution,
    Employer,
    EmployerSize,
    Participant,
    RegistryImport,
    RegistryImportFlip,
    Sector,
    StagedChange,
    StagedContribution,
    StagedEmployer,
    StagedParticipant,
)
from .sms import InboundSms  # noqa: F401
