"""Browser pages of the claim journey, by who uses them: ``signup``, the filing
``wizard``, the ``worker``'s claim pages and transitions, ``documents`` and the
decision letter, the ``staff`` queues and claim page, and the staff's
``decisions`` (one POST view per transition).

Views only translate between HTTP and the services/selectors; every business
rule (and its Indonesian message) lives in the services (``claims.services.drafts``,
``claims.services.transitions``, ``claims.services.registration``).
"""
