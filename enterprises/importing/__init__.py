"""Bulk load of the enterprise registry from a spreadsheet (XLSX) or CSV — all or nothing.

- ``columns``: the columns of the registry file (template header, aliases, kind), header matching.
- ``reading``: ``inspect_upload`` refuses what must not be opened (too big, empty, a zip bomb or
  any archive ``config.archives`` refuses, a CSV with an archive glued on, a legacy .xls, a CSV
  not in UTF-8); ``read_table`` finds the header row and yields the numbered rows.
- ``validation``: ``validate_rows`` checks every row in memory against prefetched VSIC codes,
  localities, zones and existing tax codes; Vietnamese and English number formats, yes/no words.
- ``writing``: ``enterprises_import`` (validate all, then ``bulk_create_with_history`` /
  ``bulk_update_with_history`` in one transaction; any bad row → nothing is written) and
  ``import_with_import_export`` (the same file through django-import-export's row-by-row import,
  the benchmark's baseline).
- ``template``: ``build_template``, the downloadable XLSX template with Vietnamese headers.
- ``jobs``: an upload kept as an ``ImportJob``, checked and written inline when small or by the
  background job ``enterprise_import_job_run`` when large.

``file`` may be a filesystem path, bytes, or any object with ``read()`` (an upload, a storage file).
"""
