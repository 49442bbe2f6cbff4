"""The training demo: the catalogue (LPKs, programmes, vacancies, job-seeker
profiles; ``catalogue.py``, its tables in ``data.py``) and, after the claims
filing step, enrolments, attendance and applications (``activity.py``)."""
