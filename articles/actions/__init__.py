"""Every write, one module each: permission check, one transaction, one audit entry.

The admin, the management commands, the imports and the tests change content
only through these actions; the modules they call (``articles.revisions.saving``,
``articles.oldsite.importing``, ``articles.translations.po.importing``, ``articles.related.lists``)
are their internals.
"""
