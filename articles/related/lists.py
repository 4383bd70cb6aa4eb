"""Related articles: stored per article and language, refreshed only where affected.

Each list holds the editors' picks first, in their order, then automatic
suggestions ranked by a score made of three cosine similarities:

- text: TF-IDF of the article's title, summary and body in that language
  (``articles.related.similarity``);
- tags: the sets of tags;
- category: the category together with its ancestors, so that articles in
  sibling categories are closer than articles in other branches.

Only articles readable in the language take part, an article never lists
itself and never lists an article twice. The score is symmetric, which is what
lets a refresh find every list a changed article may now enter: list X can
take article A only when score(A, X) reaches X's lowest automatic entry. On a
large site each list is chosen among candidates, and a refresh looks among the
changed article's own (``articles.related.candidates``).

Hook points for write operations:

- ``related_refresh(articles=[...])`` after an article was published,
  unpublished, edited, translated, restored, re-tagged, moved to another
  category, or had its picks changed;
- ``article_delete(articles=[...])`` to delete articles: it moves them to the
  trash (``articles.trash``) and fills up again the lists that showed them;
- ``related_rebuild()`` (``manage.py rebuild_related``) recomputes everything.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import (
    LANGUAGE_CODES,
    Article,
    RelatedArticle,
    RelatedPick,
    RelatedTerms,
)
from articles.public.pagecache import article_pages, pages_changed, pages_invalidate
from articles.related.index import RelatedIndex
from articles.related.similarity import word_counts_store
from articles.related.versions import related_index, release

# Key of the PostgreSQL advisory lock held while lists are rewritten: any fixed
# number no other code uses (these bytes spell "rela").
LISTS_LOCK = 0x72656C61

Progress = Callable[[int, int], None]
ArticleRefs = Iterable[Article] | Iterable[int]


@dataclass(frozen=True)
class RelatedResult:
    """Which articles had their list recomputed, per language, and how many
    lists were written because they changed."""

    recomputed: dict[str, set[int]] = field(default_factory=dict)
    rewritten: int = 0

    @property
    def articles(self) -> set[int]:
        """Every article recomputed in any language."""
        return set().union(*self.recomputed.values()) if self.recomputed else set()


def _lists_lock() -> None:
    """Wait until no other transaction is rewriting related lists.

    Two refreshes at once (editors publishing on different app servers) would
    delete and re-insert overlapping lists in different orders and deadlock.
    SQLite lets one writer in at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LISTS_LOCK])


@transaction.atomic
def related_rebuild(*, progress: Progress | None = None) -> RelatedResult:
    """Recompute the word counts and related lists of every article in every language.

    ``progress(done, total)`` is called now and then; each readable article
    counts twice per language (its words, then its list).
    """
    _lists_lock()
    sizes = {code: Article.objects.readable_in(code).count() for code in LANGUAGE_CODES}
    total, done = 2 * sum(sizes.values()), 0
    recomputed: dict[str, set[int]] = {}

    def step(amount: int) -> None:
        nonlocal done
        done += amount
        if progress:
            progress(done, total)

    for language in LANGUAGE_CODES:
        RelatedTerms.objects.filter(language=language).delete()
        readable = Article.objects.readable_in(language).order_by("pk")
        for batch in _batches(list(readable.values_list("pk", flat=True)), 500):
            word_counts_store(ids=batch, language=language)
            step(len(batch))
        RelatedArticle.objects.filter(language=language).delete()
        with related_index(language, fresh=True) as index:
            for ids, lists in index.lists(index.sorted_ids(), every=True):
                entries = [
                    entry
                    for article_id, wanted in zip(ids, lists, strict=True)
                    for entry in _entries(article_id, language, wanted)
                ]
                RelatedArticle.objects.bulk_create(entries, batch_size=2000)
                step(len(ids))
            recomputed[language] = index.members
        release(language)
    return RelatedResult(recomputed, sum(len(ids) for ids in recomputed.values()))


_batch: ContextVar[dict[str, set[int]] | None] = ContextVar(
    "related_batch", default=None
)


@contextmanager
def related_batch() -> Iterator[dict[str, set[int]]]:
    """Refresh once, when the block ends, for all articles changed inside it.

    For operations that change many articles at a time (a catalog import, a
    directory of files), where refreshing after each would reload the corpus
    every time. Yields the changed ids per language; clearing it (a dry run)
    skips the refresh. A nested batch leaves the refresh to the outer one.
    """
    outer = _batch.get()
    if outer is not None:
        yield outer
        return
    changed: dict[str, set[int]] = {}
    token = _batch.set(changed)
    try:
        yield changed
    finally:
        _batch.reset(token)
    _refresh(changed)


def related_refresh(
    *, articles: ArticleRefs, languages: Iterable[str] | None = None
) -> RelatedResult:
    """Bring the related lists up to date after ``articles`` changed.

    Call it after an article was published, unpublished, edited, translated,
    restored, re-tagged, moved or had its picks changed; pass the article(s)
    or their ids. It recomputes the lists of those articles, the lists that
    show one of them or pick one of them, and the lists one of them may now
    enter (its score reaches their lowest automatic entry), in every language
    (or only in ``languages``, those the change touched), and nothing else.
    """
    changed = _ids(articles)
    wanted = {
        language: set(changed)
        for language in (LANGUAGE_CODES if languages is None else languages)
    }
    pending = _batch.get()
    if pending is None:
        return _refresh(wanted)
    for language, ids in wanted.items():
        pending.setdefault(language, set()).update(ids)
    return RelatedResult()


@transaction.atomic
def _refresh(changed_in: dict[str, set[int]]) -> RelatedResult:
    """``related_refresh`` of the ids changed in each language."""
    changed_in = {language: ids for language, ids in changed_in.items() if ids}
    if not changed_in:
        return RelatedResult()
    _lists_lock()
    for language, changed in changed_in.items():
        readable = set(
            Article.objects.readable_in(language)
            .filter(pk__in=changed)
            .values_list("pk", flat=True)
        )
        RelatedTerms.objects.filter(
            language=language, article_id__in=changed - readable
        ).delete()
        word_counts_store(ids=sorted(readable), language=language)
    recomputed: dict[str, set[int]] = {}
    rewritten = 0
    for language, changed in changed_in.items():
        with related_index(language) as index:
            index.sync(changed)
            everything = 2 * len(changed) >= len(index)
            if everything:
                # A batch of most of the site (a load, a whole-site import):
                # finding the lists it may enter would score every pair, while
                # recomputing them all scores a large site's candidates only.
                affected = changed | index.members
                rewritten += _recompute(index, affected, every=True)
            else:
                known = (
                    changed
                    | _showing(changed, language)
                    | set(
                        RelatedPick.objects.filter(target_id__in=changed).values_list(
                            "article_id", flat=True
                        )
                    )
                )
                with index.scores_kept(known):
                    affected = known | index.could_now_list(changed)
                    rewritten += _recompute(index, affected)
        if everything:
            release(language)
        recomputed[language] = affected
    pages_changed(set().union(*recomputed.values()))
    return RelatedResult(recomputed, rewritten)


@transaction.atomic
def related_recompute(*, articles: ArticleRefs) -> RelatedResult:
    """Recompute exactly the lists of ``articles``, in every language."""
    _lists_lock()
    wanted = _ids(articles)
    recomputed: dict[str, set[int]] = {}
    rewritten = 0
    for language in LANGUAGE_CODES:
        with related_index(language) as index:
            rewritten += _recompute(index, wanted)
        recomputed[language] = wanted
    return RelatedResult(recomputed, rewritten)


@transaction.atomic
def article_delete(*, articles: ArticleRefs) -> RelatedResult:
    """Move articles to the trash and fill up the related lists that showed them.

    A trashed article keeps its row, revisions and translation state for
    ``articles.trash`` to restore; readers lose it at once. Its own lists, its
    entries in every list and its word counts go now, as a delete removed them;
    the lists that lose an entry are then recomputed.
    """
    _lists_lock()
    doomed = _ids(articles)
    holders = _showing(doomed, None) - doomed
    paths = article_pages(doomed)
    transaction.on_commit(lambda: pages_invalidate(paths), robust=True)
    Article.objects.filter(pk__in=doomed).present().update(trashed_at=timezone.now())
    RelatedArticle.objects.filter(
        Q(article_id__in=doomed) | Q(target_id__in=doomed)
    ).delete()
    RelatedTerms.objects.filter(article_id__in=doomed).delete()
    for language in LANGUAGE_CODES:
        with related_index(language) as index:
            index.sync(doomed)
    return related_recompute(articles=holders)


def _ids(articles: ArticleRefs) -> set[int]:
    return {item.pk if isinstance(item, Article) else int(item) for item in articles}


def _showing(ids: set[int], language: str | None) -> set[int]:
    """The articles whose stored lists show one of ``ids``."""
    rows = RelatedArticle.objects.filter(target_id__in=ids)
    if language:
        rows = rows.filter(language=language)
    return set(rows.values_list("article_id", flat=True))


def _batches(items: Iterable[int], size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _entries(
    article_id: int, language: str, wanted: list[tuple[int, float, bool]]
) -> list[RelatedArticle]:
    return [
        RelatedArticle(
            article_id=article_id,
            language=language,
            position=position,
            target_id=target,
            score=score,
            is_pick=is_pick,
        )
        for position, (target, score, is_pick) in enumerate(wanted)
    ]


def _recompute(index: RelatedIndex, wanted: set[int], *, every: bool = False) -> int:
    """Recompute the lists of ``wanted`` in the index's language; rewrite changed ones.

    Returns the number of lists rewritten. Articles not readable in the
    language lose their list there. ``every``: every list is recomputed, so
    a large site's candidates are found for all at once (``RelatedIndex.lists``).
    """
    language = index.language
    gone = {pk for pk in wanted if pk not in index}
    RelatedArticle.objects.filter(language=language, article_id__in=gone).delete()
    index.forget(gone)
    present = sorted(wanted - gone)
    current: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for article_id, target, is_pick in (
        RelatedArticle.objects.filter(language=language, article_id__in=present)
        .order_by("article_id", "position")
        .values_list("article_id", "target_id", "is_pick")
    ):
        current[article_id].append((target, is_pick))
    rewritten = 0
    for ids, lists in index.lists(present, every=every):
        stale = [
            (article_id, wanted_list)
            for article_id, wanted_list in zip(ids, lists, strict=True)
            if current.get(article_id, [])
            != [(target, is_pick) for target, _score, is_pick in wanted_list]
        ]
        RelatedArticle.objects.filter(
            language=language, article_id__in=[article_id for article_id, _ in stale]
        ).delete()
        RelatedArticle.objects.bulk_create(
            entry
            for article_id, wanted_list in stale
            for entry in _entries(article_id, language, wanted_list)
        )
        rewritten += len(stale)
    return rewritten
