"""Input of the public benefit calculator (page and API), by concern.

The page form (``form``) and the API serializer (``claims.apis.calculator``)
parse their own wire formats (``parsing``), then hand the same plain values to
``simulation.simulate()``, which applies the cross-field checks both share
(``checks``) and runs the eligibility engine. Errors come back per field, in
Indonesian, never as an exception the caller has not caught. The choices and
limits both wires offer are in ``choices``.
"""
