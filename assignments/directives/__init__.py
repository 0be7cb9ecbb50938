"""Loading a directive: the parse (``programs.directive_parser``, pure) becomes a document, its
agencies, targets and **tasks** — so the importer lives with the tasks it creates.

- ``importing``: ``directive_preview`` (what the parse matches in the database) and
  ``directive_import`` (the one transaction that saves it);
- ``forms``: the admin's source and review forms, with the signed payload between them;
- ``admin_views``: the admin's "Nạp văn bản" pages.
"""
