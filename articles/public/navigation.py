"""What readers find their way by: the category tree, the A–Z list, the header menu."""

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby

from django.db.models import Count, Q, QuerySet
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Category
from articles.public.prepared import PreparedQuery
from articles.public.selectors import listed_fields


@dataclass
class TreeNode:
    """A category in the index, with the articles readable in it and below it."""

    category: Category
    count: int = 0
    children: list["TreeNode"] = field(default_factory=list)


def _named_in(language: str):
    return Category.objects.exclude(
        **{build_localized_fieldname("slug", language) + "__isnull": True}
    ).exclude(**{build_localized_fieldname("name", language): ""})


def category_tree(*, language: str) -> list[TreeNode]:
    """The categories with a name and slug in ``language``, as a tree, in two queries.

    A category without a version in the language is left out, as its listing
    does not exist for these readers; the categories under it move up.
    """
    nodes = {node.path: TreeNode(node) for node in _named_in(language).order_by("path")}
    direct = Counter(
        dict(
            Article.objects.readable_in(language)
            .filter(category__isnull=False)
            .values_list("category__path")
            .annotate(n=Count("pk"))
            .values_list("category__path", "n")
        )
    )
    steplen = Category.steplen
    roots: list[TreeNode] = []
    for path, node in nodes.items():
        parent = nodes.get(path[:-steplen]) if len(path) > steplen else None
        if parent is not None:
            parent.children.append(node)
        else:
            roots.append(node)
    for path, count in direct.items():
        for end in range(steplen, len(path) + 1, steplen):
            if (counted := nodes.get(path[:end])) is not None:
                counted.count += count
    return roots


def menu_categories(*, language: str) -> list[Category]:
    """The categories of the header menu in ``language``. One query."""
    return _menu_of(
        _shown_categories(language).filter(depth__lte=2),
        language,
    )


def wayfinding(category: Category | None, *, language: str) -> dict[str, list]:
    """The header menu and the breadcrumb (the path from the root down to
    ``category``), from one query for the two."""
    lineage = Category.lineage_paths(category.path) if category is not None else []
    nodes = {node.path: node for node in _wayfinding(language, len(lineage))(*lineage)}
    return {
        "menu_categories": _menu_of(
            [node for node in nodes.values() if node.depth <= 2], language
        ),
        "breadcrumb": [nodes[path] for path in lineage if path in nodes],
    }


@cache
def _wayfinding(language: str, depth: int) -> PreparedQuery[Category]:
    """The top two levels and a lineage of ``depth`` categories."""
    return PreparedQuery(
        lambda *lineage: _shown_categories(language).filter(
            Q(depth__lte=2) | Q(path__in=lineage)
        ),
        (
            tuple(f"a{n}" for n in range(depth)),
            tuple(f"b{n}" for n in range(depth)),
        ),
    )


@cache
def _shown_categories(language: str) -> QuerySet[Category]:
    """Categories with what a link to them shows, in tree order; built once per
    language and narrowed per page, as a class-based view's ``queryset`` is."""
    return Category.objects.order_by("path").only(
        "path", "depth", *_localized(language)
    )


def _menu_of(nodes: Iterable[Category], language: str) -> list[Category]:
    """The top of the tree in ``language``, or, when that is one category
    ("English articles"), the level under it."""
    name, slug = _localized(language)
    nodes = [n for n in nodes if getattr(n, slug) is not None and getattr(n, name)]
    steplen = Category.steplen
    named = {node.path for node in nodes}
    top = [
        node for node in nodes if node.depth == 1 or node.path[:steplen] not in named
    ]
    if len(top) == 1 and top[0].depth == 1:
        children = [
            node
            for node in nodes
            if node.depth == 2 and node.path[:steplen] == top[0].path
        ]
        return children or top
    return top


def _localized(language: str) -> list[str]:
    return [build_localized_fieldname(name, language) for name in ("name", "slug")]


@dataclass
class Letter:
    """The articles under one initial of the A–Z list."""

    letter: str
    articles: list[Article]


def initial(title: str) -> str:
    """The letter a title is listed under: "Ö" under "O", digits and signs under "#"."""
    for char in unicodedata.normalize("NFKD", title):
        if char.isalnum():
            return char.upper() if char.isalpha() and char.isascii() else "#"
    return "#"


def _sort_key(title: str) -> tuple[str, str]:
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c)
    )
    return (initial(title), plain.casefold())


def a_to_z(*, language: str) -> list[Letter]:
    """Every article readable in ``language`` by title, grouped by initial; one query."""
    articles = sorted(
        Article.objects.readable_in(language)
        .select_related("category")
        .only(*listed_fields(language)),
        key=lambda article: _sort_key(article.title),
    )
    return [
        Letter(letter, list(group))
        for letter, group in groupby(articles, key=lambda a: initial(a.title))
    ]
