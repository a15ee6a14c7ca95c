"""The border for published national figures: Jobindsats (API v2 and v3 JSON, the
jobindsats.dk download as .xlsx or .csv, the benchmark Y30R21) and Statistikbanken's FOLK1A,
read and checked into the canonical tables ``jobindsats``, ``benchmark`` and ``population``
with one Danish report.

- ``check_published(paths, limits, progress)``: every file's problems in one report, the
  tables merged over all the files;
- ``is_published(path)``: a published file rather than one of the three workbooks.

Published figures are not personal data and are not suppressed again: the publisher's own
marks («..») are kept in the column ``mark``.
"""

from toolkit.published.check import PublishedCheck, check_published, is_published

__all__ = ["PublishedCheck", "check_published", "is_published"]
