"""Full-text search of the public articles, per language.

``analysis`` turns text into terms, ``indexing`` keeps one ``SearchDocument``
per readable language version (PostgreSQL tsvector, SQLite FTS5), ``searching``
ranks and pages the results and ``snippets`` marks the matched words.
"""
