"""Counselling API (mounted under /api/v1/), by area: ``caseload``, ``sessions``,
``worker``, ``supervisor``; shared shapes in ``serializers``, helpers in ``common``.
A konselor reaches only their own cases, a supervisor those of the offices they
oversee, a worker their own case and sessions; anything else answers 404.
Session notes are never shown to workers."""
