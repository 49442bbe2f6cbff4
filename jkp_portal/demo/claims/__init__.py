"""The claims demo: the BPJS registry with its worker, HR and mediator logins
(``registry.py``), and later, once PHK and payouts are loaded, claims filed and
decided through the real services (``filing.py``)."""
