"""REST API of PHK reports, mediation, mass layoffs and outreach (under /api/v1/phk/),
by area: ``reports``, ``mediation``, ``outreach``; shared shapes in ``serializers``,
helpers in ``common``.

Scoping is the selectors': an employer reaches only its own reports, a
mediator only its area, staff their office scope; anything else is 404.
Wrong state answers 409 with the current state in the message.
"""
