"""Writes to the participant registry: the staged bulk import from the BPJS core extract.

One import = one CSV file of one kind (employers, participants or
contributions); reading it changes nothing in the registry until a second
registry officer approves it (docs/registry-imports.md). The modules, in the
order a file goes through them:

- ``files``: the documented columns (``COLUMNS``), reading and decoding the
  file, the rows streamed to ``COPY``; ``ImportFileError`` for a file that
  cannot be read at all.
- ``checks``: the per-value checks of one row (messages shown to staff).
- ``base``: what every kind of file does (temp table, SQL checks, the diff,
  the upsert); ``employers``, ``participants``, ``contributions``: the three
  kinds; ``common``: the kinds by name and the small shared helpers.
- ``staging``: ``registry_import_start``, ``registry_import_run`` and
  ``registry_import_file``: read, check and stage one file, find the
  eligibility flips.
- ``decisions``: ``registry_import_approve`` (apply exactly what was staged),
  ``registry_import_reject``, ``registry_import_cancel`` and
  ``registry_import_may_decide``.
"""
