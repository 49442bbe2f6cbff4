"""The demo data's steps, in load order: each is ``step(stdout) -> list of
(username, password, what)`` logins. Listed once, as functions, so a mistyped
name fails at import time. Each step is idempotent."""

from jkp_portal.demo import accounts, counseling, payouts, phk
from jkp_portal.demo.claims import filing, registry
from jkp_portal.demo.reporting import history
from jkp_portal.demo.training import activity, catalogue

STEPS = [
    accounts.load,  # offices, staff and their second factor
    registry.load,  # the BPJS registry, worker, HR and mediator logins
    phk.load,  # PHK reports, mediation, a mass layoff
    payouts.load,  # benefits in every state, replayed day by day through the payout run
    counseling.load,  # konselors, cases for the approved claims
    catalogue.load,  # LPKs, programmes, vacancies, job-seeker profiles
    filing.load,  # claims filed and decided through the services (PHK and payouts answer them)
    counseling.load_late,  # cases for the claims filing just approved
    activity.load,  # their job-seeker profiles, enrolments with attendance, applications
    history.load,  # last: the dashboards' history since 2024, then their refresh
]
