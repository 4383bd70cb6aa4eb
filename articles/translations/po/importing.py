"""Import of a translated PO catalog: match, check, apply atomically, report."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from articles.actions.categories import save_category
from articles.background.progress import progress_report
from articles.models import LANGUAGE_CODES, Article, Category, Revision
from articles.public.pagecache import pages_batch
from articles.related.lists import related_batch
from articles.revisions.saving import ArticleChange, SaveResult, articles_save
from articles.revisions.snapshots import Snapshot, snapshot_read
from articles.text.rules import (
    length_problem,
)
from articles.translations.checks import name_problem, translation_problem
from articles.translations.credit import catalog_translator
from articles.translations.formats import catalog_parse
from articles.translations.memory import MEMORY_MARK_RE
from articles.translations.notes import (
    note_key,
    note_number,
    note_segments,
    public_notes,
)
from articles.translations.po.catalog import article_context, parse_context
from articles.translations.po.reading import CatalogError
from articles.translations.state import progress

APPLIED, UNCHANGED, FUZZY, MEMORY, UNTRANSLATED, STALE, REJECTED, MISSING = (
    "applied",
    "unchanged",
    "skipped (fuzzy)",
    "skipped (memory)",
    "untranslated",
    "stale",
    "rejected",
    "missing",
)
OUTCOMES = (APPLIED, UNCHANGED, FUZZY, MEMORY, UNTRANSLATED, STALE, REJECTED, MISSING)
# Worst first: what a translator must fix, then what waits, then what went in.
WORST_FIRST = (
    REJECTED,
    STALE,
    MISSING,
    FUZZY,
    MEMORY,
    UNTRANSLATED,
    APPLIED,
    UNCHANGED,
)
# Entries a report lists one by one, worst first; its counts include them all.
# A whole-site catalog has a hundred thousand: a page of them is no help, and
# holding their texts to the end took some 10 KB an article.
REPORT_ROWS = 500
# Articles read, checked and saved at a time: the queries are per chunk, and
# only a chunk's revisions are in memory at once.
CHUNK = 100
IMPORT_NOTE = gettext_lazy("%(language)s translation imported from %(file)s.")
WRONG_LANGUAGE = gettext_lazy(
    "The catalog is for the language '%(declared)s', not '%(target)s'."
)
NO_SUCH_ARTICLE = gettext_lazy("unknown msgctxt: no such article")
NOT_YOUR_LANGUAGE = gettext_lazy(
    "you may not translate this article into this language"
)
SOURCE_CHANGED = gettext_lazy(
    "the source text has changed since this catalog was exported"
)
CATEGORIES_NOT_YOUR_LANGUAGE = gettext_lazy(
    "you may not translate categories into this language"
)
NOT_IN_FILE = gettext_lazy("the file has no entry for “%(source)s”")


@dataclass(slots=True)  # one for every entry of a whole-site catalog
class EntryResult:
    line: int
    context: str
    outcome: str
    reason: str = ""
    old: str = ""
    new: str = ""


@dataclass
class ArticleReport:
    title: str
    entries: list[EntryResult] = field(default_factory=list)
    revision: int | None = None
    state: str = ""  # once saved: READABLE, COMPLETE_IN_DRAFT, EARLIER_SHOWN…
    article_id: int | None = None  # set once a revision of it is saved

    def notable(self) -> list[EntryResult]:
        """The entries worth a look: all but the unchanged ones."""
        return [entry for entry in self.entries if entry.outcome != UNCHANGED]


@dataclass
class ImportReport:
    language: str
    # By article id: two articles may have the same title.
    articles: dict[int, ArticleReport] = field(default_factory=dict)
    other: list[EntryResult] = field(
        default_factory=list
    )  # categories and unknown entries
    dry_run: bool = False
    problems: list[str] = field(default_factory=list)
    translator: str = ""  # the Last-Translator recorded in the revisions
    # Entries counted but no longer held, per outcome (``trimmed``).
    tallied: dict[str, int] = field(default_factory=dict)

    def notable_other(self) -> list[EntryResult]:
        return [entry for entry in self.other if entry.outcome != UNCHANGED]

    def entries(self) -> list[EntryResult]:
        return [e for a in self.articles.values() for e in a.entries] + self.other

    def count(self, outcome: str) -> int:
        held = sum(1 for entry in self.entries() if entry.outcome == outcome)
        return held + self.tallied.get(outcome, 0)

    def summary(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}

    def listed(self) -> list[tuple[str, EntryResult]]:
        """The entries that change something or were refused, worst first, with
        their article's title: at most ``REPORT_ROWS``."""
        rows = [
            (article.title, entry)
            for article in self.articles.values()
            for entry in article.notable()
        ] + [("", entry) for entry in self.notable_other()]
        rank = {outcome: index for index, outcome in enumerate(WORST_FIRST)}
        rows.sort(key=lambda row: (rank.get(row[1].outcome, len(rank)), row[1].line))
        return rows[:REPORT_ROWS]

    def unlisted(self) -> int:
        """The entries that change something or were refused but are not listed."""
        summary = self.summary()
        notable = sum(summary.values()) - summary[UNCHANGED]
        return notable - len(self.listed())

    def held(self) -> int:
        return sum(len(a.entries) for a in self.articles.values()) + len(self.other)

    def trim(self) -> None:
        """Hold only the entries listed, the others counted (``tallied``).

        Trimming after each chunk lists the same rows as trimming once at the
        end: an entry dropped has ``REPORT_ROWS`` listed before it, which only
        more urgent ones displace, and the entries kept stay in their order.
        """
        keep = {id(entry) for _title, entry in self.listed()}
        for entry in self.entries():
            if id(entry) not in keep:
                self.tallied[entry.outcome] = self.tallied.get(entry.outcome, 0) + 1
        for article in self.articles.values():
            if article.entries:
                article.entries = [e for e in article.entries if id(e) in keep]
        self.other = [entry for entry in self.other if id(entry) in keep]

    def trimmed(self) -> "ImportReport":
        """This report holding only the entries it lists, the others counted:
        what is kept of it after the import, bounded whatever the file's size."""
        copy = replace(
            self,
            articles={
                pk: replace(article, entries=list(article.entries))
                for pk, article in self.articles.items()
            },
            other=list(self.other),
            tallied=dict(self.tallied),
        )
        copy.trim()
        return copy


# What readers of the target language get once an article's entries are saved.
READABLE = "readable"
COMPLETE_IN_DRAFT = "complete, in the draft until the article is published"
EARLIER_SHOWN = "not yet complete; readers keep the earlier translation"
INCOMPLETE = "not yet complete"


def translation_state(saved: SaveResult, language: str) -> str:
    """READABLE only when the translation just saved is what readers now see."""
    revision = saved.revision or saved.article.latest_revision
    assert revision is not None  # an import saves only saved articles
    if progress(snapshot_read(revision.snapshot), language).complete:
        live = saved.article.live_revision_id == revision.pk
        return (
            READABLE
            if live and saved.article.is_readable_in(language)
            else COMPLETE_IN_DRAFT
        )
    return EARLIER_SHOWN if saved.article.is_readable_in(language) else INCOMPLETE


def missing_segments(
    snapshot: Snapshot, present: set[str], language: str
) -> list[EntryResult]:
    """The article's segments that the file has no entry for."""
    units = snapshot.translations.get(language, {})
    slug = snapshot.value("slug", snapshot.source_language)
    return [
        EntryResult(
            0,
            article_context(slug, segment["key"]),
            MISSING,
            str(NOT_IN_FILE % {"source": _shortened(segment["text"])}),
            (units.get(segment["key"]) or {}).get("text", ""),
        )
        for segment in snapshot.segments
        if segment["key"] not in present
    ]


def is_memory_suggestion(entry) -> bool:
    """Whether a fuzzy entry is a suggestion of the translation memory: its
    translator comment says so (``# memory: <slug>/<key> 93%``) on any line."""
    return any(
        MEMORY_MARK_RE.match(line) for line in (entry.tcomment or "").splitlines()
    )


def changed_text(entry: EntryResult) -> str:
    """``“old” → “new”`` on one line, as a dry run shows a changed entry."""
    old = f"“{entry.old}”" if entry.old else "(untranslated)"
    return f"{old} → “{entry.new}”".replace("\n", "\\n")


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _language_of(catalog) -> str:
    return (
        (catalog.metadata.get("Language") or "").replace("-", "_").split("_")[0].lower()
    )


def catalog_import(
    *,
    data: bytes | BinaryIO,
    filename: str,
    language: str | None,
    user: User | None,
    dry_run: bool = False,
    apply_fuzzy: bool = False,
    apply_memory: bool = False,
    on_entry: Callable[[EntryResult], None] | None = None,
) -> ImportReport:
    """Apply a translated catalog in one transaction; a dry run applies nothing.

    Fuzzy entries are applied with ``apply_fuzzy``, except suggestions of the
    translation memory (``is_memory_suggestion``), which need ``apply_memory``.

    The report counts every entry but holds, once it has more than
    ``REPORT_ROWS``, only those it lists, so that its memory is bounded;
    ``on_entry`` sees every entry as it is checked: the articles', then those
    of no article.

    Raises CatalogError when the file as a whole cannot be used.
    """
    with catalog_parse(data, filename=filename) as catalog:
        declared = _language_of(catalog)
        target = language or declared
        if target not in LANGUAGE_CODES:
            raise CatalogError(
                _(
                    "The catalog's Language header (%(value)s) is not a language of this site."
                )
                % {"value": declared or _("missing")}
            )
        if declared != target:
            raise CatalogError(
                WRONG_LANGUAGE
                % {"declared": declared or _("missing"), "target": target}
            )
        report = ImportReport(language=target, dry_run=dry_run)
        report.translator, refused_name = catalog_translator(catalog.metadata, target)
        report.problems += [refused_name] if refused_name else []
        with transaction.atomic(), pages_batch():
            with related_batch() as changed:
                _apply(
                    catalog,
                    report,
                    Path(filename).name,
                    user,
                    apply_fuzzy,
                    apply_memory=apply_memory,
                    on_entry=on_entry or _ignored,
                )
                if dry_run:
                    changed.clear()
            if dry_run:
                transaction.set_rollback(True)
    return report


def _ignored(entry: EntryResult) -> None:
    pass


def _added(
    entries: list[EntryResult],
    held: list[EntryResult],
    on_entry: Callable[[EntryResult], None],
) -> None:
    held += entries
    for entry in entries:
        on_entry(entry)


def _apply(
    catalog,
    report: ImportReport,
    filename: str,
    user,
    apply_fuzzy: bool,
    *,
    apply_memory: bool,
    on_entry: Callable[[EntryResult], None],
) -> None:
    language = report.language
    # The entries' numbers by article (a slug once); the entries a chunk at a time.
    wanted: dict[str, list[int]] = defaultdict(list)
    categories: list[int] = []
    # Entries of no article, which come after the articles' (``entries()``);
    # they hold no text.
    unknown: list[EntryResult] = []
    for number, line, context in catalog.contexts():
        parsed = parse_context(context)
        if parsed is None:
            unknown.append(EntryResult(line, context, REJECTED, _("unknown msgctxt")))
        elif parsed[0] == "category":
            categories.append(number)
        else:
            wanted[parsed[1]].append(number)
    slugs = list(wanted)
    for start in range(0, len(slugs), CHUNK):
        chunk = slugs[start : start + CHUNK]
        articles = _articles_by_source_slug(set(chunk), language)
        notes = public_notes([article.pk for article in articles.values()])
        numbers = [number for slug in chunk for number in wanted[slug]]
        loaded = dict(zip(numbers, catalog.entries(numbers), strict=True))
        changes = []
        for slug in chunk:
            items = [
                (loaded[number].msgctxt.rpartition("/")[2], loaded[number])
                for number in wanted.pop(slug)
            ]
            article = articles.get(slug)
            if article is None:
                unknown += [
                    EntryResult(
                        entry.linenum, entry.msgctxt, REJECTED, str(NO_SUCH_ARTICLE)
                    )
                    for _key, entry in items
                ]
                continue
            change = _article_change(
                article,
                items,
                report,
                filename,
                user,
                apply_fuzzy,
                apply_memory=apply_memory,
                notes=notes.get(article.pk, []),
                on_entry=on_entry,
            )
            if change is not None:
                changes.append(change)
        saves = articles_save(changes=[change for _r, change in changes], user=user)
        for (result, _change), saved in zip(changes, saves, strict=True):
            report.problems += saved.problems
            if saved.revision is not None:
                result.revision = saved.revision.number
                result.article_id = saved.article.pk
            result.state = translation_state(saved, language)
        if report.held() > REPORT_ROWS:
            report.trim()
        progress_report(start + len(chunk), len(slugs))
    _added(unknown, report.other, on_entry)
    grouped: dict[str, list] = defaultdict(list)
    for entry in catalog.entries(categories):
        grouped[entry.msgctxt.split("/")[1]].append(entry)
    _apply_categories(grouped, report, user, apply_fuzzy, on_entry)
    if report.held() > REPORT_ROWS:
        report.trim()


def _articles_by_source_slug(
    slugs: set[str], language: str
) -> dict[str | None, Article]:
    query = Q()
    for code in LANGUAGE_CODES:
        if code != language:
            query |= Q(
                source_language=code,
                **{f"{build_localized_fieldname('slug', code)}__in": slugs},
            )
    found = (
        Article.objects.present().filter(query).select_related("latest_revision")
        if slugs
        else []
    )
    return {article.slug_in(article.source_language): article for article in found}


def _may_translate(user: User | None, language: str) -> bool:
    """Editors translate into any language, translators into theirs; commands may all."""
    return user is None or any(
        user.has_perm(permission)
        for permission in (
            "articles.change_article",
            Article.translate_permission(language),
        )
    )


def _article_change(
    article,
    items,
    report,
    filename,
    user,
    apply_fuzzy,
    *,
    apply_memory: bool,
    notes: list,
    on_entry: Callable[[EntryResult], None],
) -> tuple[ArticleReport, ArticleChange] | None:
    """Check an article's entries into the report; the change to save, if any.

    ``notes``: its public revisions' change notes (``public_notes``), which are
    segments too; their translations go to ``Snapshot.notes``.
    """
    language = report.language
    latest = article.latest_revision
    snapshot = (
        snapshot_read(latest.snapshot, number=latest.number)
        if latest
        else Snapshot(fields={})
    )
    title = snapshot.value("title", snapshot.source_language)
    result = report.articles.setdefault(article.pk, ArticleReport(title))
    segments = {segment["key"]: segment for segment in snapshot.segments}
    units = dict(snapshot.translations.get(language, {}))
    note_keys = note_segments(notes)
    segments.update(note_keys)
    note_units = {
        note_key(int(number)): unit
        for number, unit in snapshot.notes.get(language, {}).items()
        if number.isdigit()
    }
    changed = False
    allowed = _may_translate(user, language)
    checked = []
    for key, entry in items:
        outcome = _entry_outcome(
            entry,
            segments.get(key),
            {**units, **note_units},
            allowed,
            apply_fuzzy,
            apply_memory=apply_memory,
        )
        checked.append(outcome)
        if outcome.outcome == APPLIED:
            unit = {"source": entry.msgid, "text": entry.msgstr, "fuzzy": False}
            (note_units if key in note_keys else units)[key] = unit
            changed = True
    checked += missing_segments(snapshot, {key for key, _e in items}, language)
    _added(checked, result.entries, on_entry)
    if not changed:
        return None
    assert latest is not None  # entries match only a saved revision's segments
    return result, ArticleChange(
        article=article,
        snapshot=replace(
            snapshot,
            translations={**snapshot.translations, language: units},
            notes={
                **snapshot.notes,
                language: {
                    str(note_number(key)): unit for key, unit in note_units.items()
                },
            },
        ),
        note=str(
            IMPORT_NOTE
            % {
                "language": translation.get_language_info(language)["name"],
                "file": filename,
            }
        ),
        kind=Revision.Kind.MINOR,
        translator=report.translator,
        editorial_date=latest.editorial_date,
        base_revision_id=latest.pk,
        publish=article.status == Article.Status.PUBLISHED
        and not article.has_unpublished_changes,
    )


def _entry_outcome(
    entry, segment, units, allowed: bool, apply_fuzzy, *, apply_memory: bool
) -> EntryResult:
    def outcome(kind: str, reason: str = "") -> EntryResult:
        old = (units.get(segment["key"]) or {}).get("text", "") if segment else ""
        return EntryResult(
            entry.linenum, entry.msgctxt, kind, reason, old, entry.msgstr
        )

    if segment is None:
        return outcome(REJECTED, _("unknown msgctxt: the article has no such segment"))
    if not allowed:
        return outcome(REJECTED, str(NOT_YOUR_LANGUAGE))
    if entry.msgid != segment["text"]:
        return outcome(STALE, str(SOURCE_CHANGED))
    if not entry.msgstr:
        return outcome(UNTRANSLATED)
    if entry.fuzzy and is_memory_suggestion(entry):
        if not apply_memory:
            return outcome(MEMORY)
    elif entry.fuzzy and not apply_fuzzy:
        return outcome(FUZZY)
    problem = translation_problem(entry.msgid, entry.msgstr) or length_problem(
        Revision if segment["field"] == "note" else Article,
        segment["field"],
        entry.msgstr,
    )
    if problem:
        return outcome(REJECTED, problem)
    unit = units.get(segment["key"]) or {}
    if (
        unit.get("text") == entry.msgstr
        and unit.get("source") == entry.msgid
        and not unit.get("fuzzy")
    ):
        return outcome(UNCHANGED)
    return outcome(APPLIED)


def _apply_categories(
    categories,
    report: ImportReport,
    user,
    apply_fuzzy: bool,
    on_entry: Callable[[EntryResult], None],
) -> None:
    language = report.language
    if not categories:
        return
    query = Q()
    for code in LANGUAGE_CODES:
        if code != language:
            query |= Q(
                **{f"{build_localized_fieldname('slug', code)}__in": list(categories)}
            )
    nodes = {}
    for node in Category.objects.filter(query):
        for code in LANGUAGE_CODES:
            slug = getattr(node, build_localized_fieldname("slug", code))
            if code != language and slug in categories:
                nodes[slug] = (node, code)
    name_field = build_localized_fieldname("name", language)
    for slug, entries in categories.items():
        for entry in entries:
            found = nodes.get(slug)
            result = EntryResult(
                entry.linenum, entry.msgctxt, APPLIED, "", "", entry.msgstr
            )
            if found is None:
                result.outcome, result.reason = (
                    REJECTED,
                    _("unknown msgctxt: no such category"),
                )
            elif not _may_translate(user, language):
                result.outcome, result.reason = (
                    REJECTED,
                    str(CATEGORIES_NOT_YOUR_LANGUAGE),
                )
            elif entry.msgid != getattr(
                found[0], build_localized_fieldname("name", found[1])
            ):
                result.outcome, result.reason = (
                    STALE,
                    _("the category was renamed since"),
                )
            elif not entry.msgstr:
                result.outcome = UNTRANSLATED
            elif entry.fuzzy and not apply_fuzzy:
                result.outcome = FUZZY
            elif problem := name_problem(entry.msgid, entry.msgstr) or length_problem(
                Category, "name", entry.msgstr
            ):
                result.outcome, result.reason = REJECTED, problem
            elif "<" in entry.msgstr:
                result.outcome, result.reason = (
                    REJECTED,
                    _("a category name has no markup"),
                )
            elif getattr(found[0], name_field) == entry.msgstr:
                result.outcome = UNCHANGED
            else:
                node = found[0]
                result.old = getattr(node, name_field) or ""
                setattr(node, name_field, entry.msgstr)
                slug_field = build_localized_fieldname("slug", language)
                if not getattr(node, slug_field):
                    setattr(
                        node, slug_field, Category.free_slug(entry.msgstr, language)
                    )
                save_category(category=node, user=user)
            _added([result], report.other, on_entry)
