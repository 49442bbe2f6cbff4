from .registry import Contribution, Employer, Participant  # noqa: F401
