"""The content model: articles, categories and tags, revisions, and the records kept
beside them (related lists, uploads, refused page invalidations, the audit log,
medical review).

One module per concern; everything is importable from ``articles.models``.
"""

from typing import TYPE_CHECKING

from articles.models.articles import (
    DATES_OUT_OF_ORDER,
    LISTED_ON,
    PICK_OF_ITSELF,
    Article,
    ArticleQuerySet,
    ProgressCounts,
    Reference,
    RelatedPick,
    readable_in,
    slug_in_any_language,
)
from articles.models.audit import AuditEntry
from articles.models.common import LANGUAGE_CODES
from articles.models.pagecache import PageInvalidation
from articles.models.redirects import Redirect
from articles.models.related import RelatedArticle, RelatedTerms
from articles.models.related_index import RelatedIndexChange, RelatedIndexVersion
from articles.models.review import (
    EditingSession,
    MedicalReview,
    Reviewer,
    ReviewRecord,
    ReviewRequest,
)
from articles.models.revisions import REVISIONS_IMMUTABLE, Revision, RevisionImmutable
from articles.models.search import SearchDocument
from articles.models.taxonomy import Category, Tag
from articles.models.uploads import (
    CatalogDownload,
    CatalogDownloadPart,
    CatalogUpload,
)

if TYPE_CHECKING:
    from articles.models.articles import WithProgress

__all__ = [
    "DATES_OUT_OF_ORDER",
    "LANGUAGE_CODES",
    "LISTED_ON",
    "PICK_OF_ITSELF",
    "REVISIONS_IMMUTABLE",
    "Article",
    "ArticleQuerySet",
    "AuditEntry",
    "CatalogDownload",
    "CatalogDownloadPart",
    "CatalogUpload",
    "Category",
    "EditingSession",
    "MedicalReview",
    "PageInvalidation",
    "Redirect",
    "ProgressCounts",
    "Reference",
    "RelatedArticle",
    "RelatedIndexChange",
    "RelatedIndexVersion",
    "RelatedPick",
    "RelatedTerms",
    "ReviewRecord",
    "ReviewRequest",
    "Reviewer",
    "Revision",
    "RevisionImmutable",
    "SearchDocument",
    "Tag",
    "WithProgress",
    "readable_in",
    "slug_in_any_language",
]
