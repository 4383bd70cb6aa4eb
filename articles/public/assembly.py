"""What an article page shows, from the live article or from one of its revisions."""

from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from articles.models import LANGUAGE_CODES, Article, Category, Reference, Revision
from articles.public import navigation, selectors
from articles.public.contents import with_contents
from articles.public.translated_history import live_history, version_history
from articles.review.schedule import review_of
from articles.revisions.reader_history import reader_dates
from articles.revisions.snapshots import TRANSLATED_FIELDS, Snapshot
from articles.text.richtext import render_body
from articles.translations.credit import credit_name


def live_page(article: Article, *, language: str) -> dict[str, object]:
    """Context for the article page as visitors see it now."""
    references = selectors.page_references(article)
    body, contents = with_contents(render_body(article.body, len(references)))
    return {
        "article": article,
        "body": body,
        "contents": contents,
        "references": references,
        **navigation.wayfinding(article.category, language=language),
        "related": selectors.related_for_page(article, language=language),
        "public_revisions": live_history(article, language=language),
        "version_slug": article.slug,
        "translation_outdated": article.translation_outdated_in(language),
        "translator": credit_name(getattr(article, "translator_credit", None) or "")
        if language != article.source_language
        else "",
        "review": review_of(article),
        "original_url": article.url_in(article.source_language)
        if article.is_readable_in(article.source_language)
        else None,
        "alternates": alternates(
            lambda code: article.url_in(code) if article.is_readable_in(code) else None
        ),
    }


def snapshot_page(
    article: Article, revision: Revision, snapshot: Snapshot, *, language: str
) -> dict[str, object]:
    """Context for the article page as it looked in ``revision``."""
    shown = Article(
        pk=article.pk,
        source_language=snapshot.source_language,
        author_line=snapshot.author_line,
        status=article.status,
    )
    for name in TRANSLATED_FIELDS:
        for code in LANGUAGE_CODES:
            setattr(
                shown, build_localized_fieldname(name, code), snapshot.value(name, code)
            )
    history = version_history(
        selectors.public_revisions(article, up_to=revision),
        snapshot,
        language=language,
    )
    shown.first_published, shown.last_revised = reader_dates(
        snapshot.first_published, history
    )
    references = [
        Reference(number=number, **values)
        for number, values in enumerate(snapshot.references, start=1)
    ]
    category = Category.objects.filter(pk=(snapshot.category or {}).get("id")).first()
    shown.category = category
    pick_ids = [pick["id"] for pick in snapshot.picks if pick.get("id") is not None]
    picks = {
        a.pk: a
        for a in Article.objects.readable_in(language)
        .filter(pk__in=pick_ids)
        .select_related("category")
    }
    body, contents = with_contents(render_body(shown.body, len(references)))
    return {
        "article": shown,
        "revision": revision,
        "body": body,
        "contents": contents,
        "references": references,
        **navigation.wayfinding(category, language=language),
        "related": [picks[pk] for pk in pick_ids if pk in picks],
        "public_revisions": history,
        "version_slug": article.slug_in(language)
        if article.is_readable_in(language)
        else None,
        "alternates": [],
    }


def alternates(url_for) -> list[dict[str, object]]:
    """The page in every language: code, name in that language, URL or None."""
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": url_for(code),
        }
        for code in LANGUAGE_CODES
    ]
