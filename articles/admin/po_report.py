"""The PO import's report as a translator reads it at a glance: one table of
outcomes coloured by what they mean, then the entries, rejected ones first,
each with its reason and its change highlighted word by word (as Compare does)."""

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.revisions.diffs import word_diff
from articles.translations.po.importing import (
    APPLIED,
    FUZZY,
    MEMORY,
    MISSING,
    REJECTED,
    STALE,
    UNCHANGED,
    UNTRANSLATED,
    WORST_FIRST,
    EntryResult,
    ImportReport,
)

LABELS = {
    REJECTED: _("rejected"),
    STALE: _("stale"),
    MISSING: _("missing from the file"),
    FUZZY: _("skipped (fuzzy)"),
    MEMORY: _("skipped (memory suggestion)"),
    UNTRANSLATED: _("untranslated"),
    APPLIED: _("applied"),
    UNCHANGED: _("unchanged"),
}
WOULD_APPLY = _("would be applied")
# Colours by meaning: red must be fixed, amber waits, green went in, blue
# would go in (a dry run applies nothing), grey changes nothing.
TONES = {
    REJECTED: "bad",
    STALE: "bad",
    MISSING: "wait",
    FUZZY: "wait",
    MEMORY: "wait",
    UNTRANSLATED: "wait",
    APPLIED: "good",
    UNCHANGED: "none",
}


@dataclass
class OutcomeRow:
    outcome: str
    label: str
    tone: str
    count: int


@dataclass
class EntryRow:
    article: str
    entry: EntryResult
    label: str
    tone: str
    diff: SafeString


def _label(outcome: str, dry_run: bool) -> tuple[str, str]:
    if outcome == APPLIED and dry_run:
        return str(WOULD_APPLY), "pending"
    return str(LABELS.get(outcome, outcome)), TONES.get(outcome, "none")


def outcome_rows(report: ImportReport) -> list[OutcomeRow]:
    """Each outcome with its count, worst first."""
    counts = report.summary()
    return [
        OutcomeRow(outcome, *_label(outcome, report.dry_run), counts.get(outcome, 0))
        for outcome in WORST_FIRST
    ]


def entry_rows(report: ImportReport) -> list[EntryRow]:
    """The entries the report lists (worst first), each with its difference."""
    return [
        EntryRow(
            title,
            entry,
            *_label(entry.outcome, report.dry_run),
            word_diff(entry.old, entry.new),
        )
        for title, entry in report.listed()
    ]


def applied_message(report: ImportReport) -> str:
    """The one line that says what an applied import did."""
    summary = report.summary()
    return ngettext(
        "Applied %(applied)s entry; %(rejected)s rejected, %(stale)s stale.",
        "Applied %(applied)s entries; %(rejected)s rejected, %(stale)s stale.",
        summary["applied"],
    ) % {
        "applied": summary["applied"],
        "rejected": summary["rejected"],
        "stale": summary["stale"],
    }
