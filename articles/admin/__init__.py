"""The staff's admin: articles, their history and translations, the trash,
categories and tags, and the site history; one module per screen family."""

from articles.admin import articles, audit, taxonomy  # noqa: F401  (register)
