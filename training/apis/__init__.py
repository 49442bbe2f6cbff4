"""REST API of the training app (mounted under /api/v1/training/), by area:
``training`` (programmes, enrolments), ``vacancies``, ``matching``,
``applications``; shared helpers in ``common``.

Permissions: a role outside an endpoint's list gets 403; objects outside the
caller's reach answer 404 (a worker sees only their own enrolments and
applications; an employer only their company's vacancies and applicants; a
konselor their clients'). Errors follow the portal's shape
``{"detail", "code", "errors"}``; a transition from the wrong state is 409.
"""
