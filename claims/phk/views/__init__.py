"""Pages of the PHK app, by actor: ``employer`` (reports, arrears, benefits they owe),
``mediator`` (the Disnaker mediation queue and decisions), ``reports`` (a report
and its rows as every actor sees them), ``outreach`` (the people who reach the
workers of a mass layoff: cases, outreach events); helpers in ``common``.
"""
