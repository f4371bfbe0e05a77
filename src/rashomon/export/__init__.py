"""export: stored analyses, incidents and ledgers in the shapes the field loads.

* ``tables``: the event table (one row per incident and claimant, ACLED/UCDP-like) and the
  claims table (one row per claim), as CSV (formula-safe cells) and Parquet;
* ``records``: JSON Lines, one record type per file (articles, claims, figures, incidents,
  ledgers);
* ``jsonld``: schema.org ``Claim`` records (JSON-LD);
* ``select``: the filter every export takes (incident, dates, place, claimant).

The data dictionary is docs/exports.md. Nothing here prints; ``cli export`` writes files.
"""
