"""Fields an editor did not write: a summary or meta description that is what
the body's first paragraph gives (``articles.text.summaries``).

They are no segments: a translation derives them from its own body, so they
are never exported for translators to translate again. Whether a field is
derived is read from its value, so a summary an editor writes (or rewrites)
is a segment again from that save on, without a flag to keep in step.
"""

from articles.revisions.snapshots import Snapshot
from articles.text.summaries import derived_from_body


def derived_fields(snapshot: Snapshot, language: str) -> set[str]:
    """The names of the fields whose value in ``language`` is derived from its body."""
    derived = derived_from_body(snapshot.value("body", language))
    return {
        name
        for name, value in derived.items()
        if value and snapshot.value(name, language).strip() == value
    }


def derive(fields: dict, names: set[str], language: str) -> None:
    """Fill the derived ``names`` of ``language`` in ``fields`` from its body there."""
    derived = derived_from_body(fields.get("body", {}).get(language, ""))
    for name in names:
        fields.setdefault(name, {})[language] = derived[name]
