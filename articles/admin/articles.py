"""The article admin: list, edit form, save, and the views it adds."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from js_asset import Media
from modeltranslation.utils import build_localized_fieldname

from articles.actions.base import ActionRefused, NotPermitted
from articles.actions.review import submit_for_review
from articles.actions.save import save_article
from articles.actions.translation import edit_translation
from articles.admin import forms as edit_forms
from articles.admin import formsets
from articles.admin.background import BackgroundViews
from articles.admin.editing import EditingViews, others_text
from articles.admin.frame import acting_user, admin_page
from articles.admin.history import HistoryViews
from articles.admin.review import ReviewViews
from articles.admin.translations import TranslationViews, export_actions
from articles.admin.trash import TrashViews
from articles.editing.sessions import others_editing
from articles.models import (
    LANGUAGE_CODES,
    Article,
    ArticleQuerySet,
    Revision,
)
from articles.review.queue import latest_request
from articles.review.schedule import review_of
from articles.review.workflow import review_required, reviews_edits_of
from articles.revisions.diffs import snapshot_diff
from articles.revisions.publishing import article_snapshot
from articles.revisions.saving import EditConflict
from articles.revisions.snapshots import Snapshot, snapshot_read
from articles.templatetags.articles_tags import month_year
from articles.text.richtext import citation_markers
from articles.translations.state import TranslationProgress
from clinic_cms.database_busy import SAVE_BUSY, database_busy

SCHEDULED = gettext_lazy("Revision %(number)s will be published on %(when)s.")
UNCITED_REFERENCES = gettext_lazy("The body does not cite reference %(numbers)s.")
NOTHING_CHANGED = gettext_lazy("Nothing changed, so no revision was saved.")
SUBMITTED = gettext_lazy(
    "Revision %(number)s is submitted for medical review; visitors still see the "
    "published version until a reviewer approves it."
)
MINOR_NOT_REVIEWED = gettext_lazy(
    "Minor corrections need no medical review: revision %(number)s is saved as a "
    "draft for a publisher to publish."
)
SAVE_CONFLICT = gettext_lazy(
    "Not saved: %(user)s saved revision %(number)s of this article after you "
    "opened it. Their changes are shown below; everything you typed is still in "
    "the form. Saving again replaces their version with yours."
)


class TranslationStateFilter(admin.SimpleListFilter):
    """Articles that need translating into a language, or whose translation is outdated."""

    title = gettext_lazy("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = []
        for code in LANGUAGE_CODES:
            name = translation.get_language_info(code)["name_translated"]
            choices += [
                (
                    f"needs-{code}",
                    _("needs %(language)s translation") % {"language": name},
                ),
                (f"outdated-{code}", _("%(language)s outdated") % {"language": name}),
            ]
        return choices

    def queryset(self, request, queryset):
        state, _sep, code = (self.value() or "").partition("-")
        if code not in LANGUAGE_CODES:
            return queryset
        counts = queryset.exclude(source_language=code).with_progress(code)
        if state == "outdated":
            return counts.filter(outdated=1)
        return counts.filter(translated__lt=F("segments"))


@admin.register(Article)
class ArticleAdmin(
    BackgroundViews,
    HistoryViews,
    TranslationViews,
    TrashViews,
    ReviewViews,
    EditingViews,
    admin.ModelAdmin,
):
    """Articles are edited as revisions: every save adds one, publishing makes one live."""

    list_display = [
        "__str__",
        "state",
        "languages",
        "category",
        "revised",
    ]
    actions = export_actions()
    change_list_template = "admin/articles/article/change_list.html"
    list_filter = ["status", TranslationStateFilter, "source_language", "category"]
    # Both languages' titles, summaries and bodies, and the references' authors
    # and titles (literature is cited in its own language).
    search_fields = [
        *(
            build_localized_fieldname(name, code)
            for name in ("title", "summary", "body")
            for code in LANGUAGE_CODES
        ),
        "references__authors",
        "references__title",
    ]
    list_select_related = ["category"]
    # Newest first, the list's default anyway; the picks' autocomplete pages
    # its results in this order too.
    ordering = ["-pk"]

    @admin.display(description=gettext_lazy("languages"))
    def languages(self, article: Article) -> str:
        """The languages it reads in, then its translation progress."""
        readable = ", ".join(article.readable_languages()) or "—"
        progress = self.translation(article)
        return format_html(
            "{}<br>{}",
            _("readable in %(languages)s") % {"languages": readable},
            progress,
        )

    @admin.display(description=gettext_lazy("last revised"), ordering="last_revised")
    def revised(self, article: Article) -> str:
        """Editorial dates are months: "February 2014", never "Feb. 1, 2014"."""
        return month_year(article.last_revised) if article.last_revised else "—"

    def translation(self, article: Article) -> str:
        """Per target language: translated of all segments, and whether it is outdated."""
        parts = []
        for language, stored in sorted(article.translation_progress.items()):
            progress = TranslationProgress.from_json(stored)
            if progress is None:
                continue
            text = f"{language}: {progress.translated}/{progress.segments}"
            if progress.outdated:
                text += " " + _("(outdated)")
            parts.append(text)
        return "; ".join(parts)

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def state(self, article: Article) -> str:
        if article.status != Article.Status.PUBLISHED:
            return str(Article.Status.DRAFT.label)
        if article.has_unpublished_changes:
            return _("Published; a draft waits")
        return str(Article.Status.PUBLISHED.label)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "translations/",
                wrap(self.dashboard_view),
                name="articles_article_translation_dashboard",
            ),
            path(
                "translations/export/",
                wrap(self.export_view),
                name="articles_article_export_po",
            ),
            path(
                "translations/downloads/<int:pk>/",
                wrap(self.download_view),
                name="articles_article_download_po",
            ),
            path(
                "translations/import/",
                wrap(self.import_view),
                name="articles_article_import_po",
            ),
            path(
                "translations/import/<int:pk>/apply/",
                wrap(require_POST(self.apply_view)),
                name="articles_article_apply_po",
            ),
            path(
                "<int:pk>/compare/",
                wrap(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<int:pk>/revisions/<int:number>/",
                wrap(self.revision_view),
                name="articles_article_revision",
            ),
            path(
                "<int:pk>/revisions/<int:number>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            path("trash/", wrap(self.trash_view), name="articles_article_trash"),
            path(
                "trash/<int:pk>/restore/",
                wrap(require_POST(self.untrash_view)),
                name="articles_article_untrash",
            ),
            path(
                "<int:pk>/publish/",
                wrap(require_POST(self.publish_view)),
                name="articles_article_publish",
            ),
            path(
                "<int:pk>/unpublish/",
                wrap(self.unpublish_view),
                name="articles_article_unpublish",
            ),
            *self.review_urls(),
            *self.background_urls(),
            *self.editing_urls(),
            *super().get_urls(),
        ]

    def get_queryset(self, request: HttpRequest) -> ArticleQuerySet:
        """Articles in the trash have their own page (``trash_view``)."""
        articles = super().get_queryset(request)
        assert isinstance(articles, ArticleQuerySet)  # the model's own manager
        return articles.present()

    def log_deletions(self, request, queryset) -> list[LogEntry]:
        """The delete action writes the admin's log itself."""
        return []

    # Editing -------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self.edit_view(request, None)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self._article(request, object_id)
        return self.edit_view(request, article)

    def edit_view(self, request: HttpRequest, article: Article | None) -> HttpResponse:
        """Edit every language of an article at once and save it as one revision.

        Translators get the same page with only their languages' fields open;
        everything else is disabled, so whatever a request sends for it is ignored.
        """
        instance = article or Article()
        conflict = None
        can_publish = self.has_publish_permission(request)
        translatable = self.translatable_languages(request, article)
        base = article_snapshot(article) if article else Snapshot(fields={})
        initial, reference_rows, pick_rows = edit_forms.initial_from_snapshot(base)
        data = request.POST if request.method == "POST" else None
        form = edit_forms.ArticleForm(data, instance=instance, initial=initial)
        structure = translatable is None  # references and picks: full editors only
        references = formsets.ReferenceFormSet(
            data if structure else None, initial=reference_rows, prefix="references"
        )
        picks = formsets.PickFormSet(
            data if structure else None, initial=pick_rows, prefix="picks"
        )
        picks.article = article
        schedule = data is not None and "_schedule" in data
        meta_initial: dict[str, object] = {
            "base_revision": article.latest_revision_id if article else None,
            "kind": None if article else Revision.Kind.PUBLIC,
        }
        if translatable is not None:
            # A translator's page: the article and its revisions exist.
            assert article is not None and article.latest_revision is not None
            form.open_only(translatable)
            meta_initial |= {
                "kind": Revision.Kind.MINOR,
                "editorial_date": article.latest_revision.editorial_date,
            }
        meta = edit_forms.RevisionForm(data, initial=meta_initial, schedule=schedule)
        if not structure:
            meta.fields["kind"].disabled = meta.fields["editorial_date"].disabled = True
        if data is not None:
            valid = edit_forms.edit_forms_valid(
                form,
                references if structure else None,
                picks if structure else None,
                reference_count=len(base.references),
            )
            if valid & meta.is_valid():
                publish = "_publish" in data
                submit = (
                    "_submit" in data
                    and structure
                    and review_required(
                        acting_user(request), kind=meta.cleaned_data["kind"]
                    )
                )
                edited = edit_forms.snapshot_from_forms(
                    form,
                    references if structure else None,
                    picks if structure else None,
                    base=base,
                )
                try:
                    if submit:
                        result = submit_for_review(
                            article=article,
                            snapshot=edited,
                            user=acting_user(request),
                            note=meta.cleaned_data["note"],
                            kind=meta.cleaned_data["kind"],
                            editorial_date=meta.cleaned_data["editorial_date"],
                            base_revision_id=meta.cleaned_data["base_revision"],
                        )
                    elif structure:
                        result = save_article(
                            article=article,
                            snapshot=edited,
                            user=acting_user(request),
                            note=meta.cleaned_data["note"],
                            kind=meta.cleaned_data["kind"],
                            editorial_date=meta.cleaned_data["editorial_date"],
                            base_revision_id=meta.cleaned_data["base_revision"],
                            publish=publish,
                            publish_at=meta.cleaned_data["publish_at"]
                            if schedule
                            else None,
                        )
                        if schedule:
                            self._report_schedule(request, result)
                    else:
                        assert article is not None  # a translator's page
                        result = edit_translation(
                            article=article,
                            snapshot=edited,
                            user=acting_user(request),
                            note=meta.cleaned_data["note"],
                            base_revision_id=meta.cleaned_data["base_revision"],
                            publish=publish or schedule,
                        )
                        publish = result.article.live_revision_id == (
                            result.article.latest_revision_id
                        ) and (result.article.status == Article.Status.PUBLISHED)
                except OperationalError as error:
                    if not database_busy(error):
                        raise
                    messages.error(request, SAVE_BUSY)
                except EditConflict as error:
                    conflict = self._conflict(request, error)
                    resubmit = data.copy()
                    resubmit["base_revision"] = str(error.latest.pk)
                    meta = edit_forms.RevisionForm(
                        resubmit, initial=meta_initial, schedule=schedule
                    )
                    if not structure:
                        meta.fields["kind"].disabled = True
                        meta.fields["editorial_date"].disabled = True
                except ActionRefused as error:
                    if isinstance(error, NotPermitted):
                        raise
                    messages.error(request, error.reason)
                else:
                    if submit:
                        messages.success(request, SUBMITTED % {"number": result.number})
                    elif (
                        "_submit" in data
                        and result.revision is not None
                        and reviews_edits_of(acting_user(request))
                    ):
                        messages.info(
                            request, MINOR_NOT_REVIEWED % {"number": result.number}
                        )
                    else:
                        self._report_save(request, result, publish)
                    self._warn_unused_references(request, result.article)
                    return HttpResponseRedirect(
                        reverse(
                            "admin:articles_article_change", args=[result.article.pk]
                        )
                    )
        source = form["source_language"].value() or LANGUAGE_CODES[0]
        languages = sorted(LANGUAGE_CODES, key=lambda code: code != source)
        title = _("Change article") if article else _("Add article")
        return admin_page(
            self,
            request,
            "admin/articles/article/edit.html",
            {
                "title": title,
                "article": article,
                "form": form,
                "language_sections": [
                    (
                        translation.get_language_info(code)["name_translated"],
                        code,
                        form.language_fields(code),
                    )
                    for code in languages
                ],
                "references": references,
                "picks": picks,
                "meta": meta,
                "conflict": conflict,
                "can_publish": can_publish and structure,
                "can_submit": structure
                and not can_publish
                and reviews_edits_of(acting_user(request)),
                "can_review": request.user.has_perm("articles.review_article"),
                "structure": structure,
                "review": review_of(article) if article else None,
                "review_request": latest_request(article) if article else None,
                "others_editing": others_text(
                    others_editing(
                        article=article, user=acting_user(request), now=timezone.now()
                    )
                )
                if article
                else "",
                "editing_interval": settings.EDITING_PING_SECONDS,
                # The rich-text editor's import map is an inline script.
                "media": Media.from_media(
                    self.media + form.media,
                    nonce=request.csp_nonce,  # type: ignore[attr-defined]  # django-csp sets it
                ),
            },
        )

    def _report_schedule(self, request: HttpRequest, result) -> None:
        article = result.article
        messages.success(
            request,
            SCHEDULED
            % {
                "number": article.latest_revision.number,
                "when": formats.date_format(
                    timezone.localtime(article.publish_at), "DATETIME_FORMAT"
                ),
            },
        )

    def translatable_languages(
        self, request: HttpRequest, article: Article | None
    ) -> list[str] | None:
        """None for a full editor; else the languages this translator may edit here."""
        if request.user.has_perm("articles.change_article"):
            return None
        if article is None:
            raise PermissionDenied
        languages = [
            code
            for code in LANGUAGE_CODES
            if code != article.source_language
            and request.user.has_perm(Article.translate_permission(code))
        ]
        if not languages:
            raise PermissionDenied
        return languages

    def has_change_permission(self, request, obj=None) -> bool:
        """Editors change articles; translators change their languages of them."""
        return super().has_change_permission(request, obj) or any(
            request.user.has_perm(Article.translate_permission(code))
            for code in LANGUAGE_CODES
        )

    def _conflict(self, request: HttpRequest, error: EditConflict) -> dict:
        latest = error.latest
        messages.error(
            request,
            SAVE_CONFLICT
            % {"user": latest.user_name or _("someone"), "number": latest.number},
        )
        base = snapshot_read(error.base.snapshot) if error.base else Snapshot(fields={})
        return {
            "revision": latest,
            "user": latest.user_name or _("someone"),
            "diff": snapshot_diff(base, snapshot_read(latest.snapshot)),
        }

    def _warn_unused_references(self, request: HttpRequest, article: Article) -> None:
        """References nobody cites are allowed, but probably a mistake."""
        snapshot = article_snapshot(article)
        cited = set(citation_markers(snapshot.value("body", snapshot.source_language)))
        unused = [n for n in range(1, len(snapshot.references) + 1) if n not in cited]
        if unused:
            messages.warning(
                request,
                UNCITED_REFERENCES % {"numbers": ", ".join(f"[{n}]" for n in unused)},
            )

    def _report_save(self, request: HttpRequest, result, publish: bool) -> None:
        if result.revision is None and not publish:
            messages.info(request, NOTHING_CHANGED)
        elif publish:
            messages.success(
                request,
                _("Revision %(number)s is published.")
                % {"number": result.article.live_revision.number},
            )
        else:
            messages.success(
                request,
                _(
                    "Saved revision %(number)s as a draft; visitors still see the published version."
                )
                % {"number": result.revision.number},
            )
        for problem in result.problems:
            messages.warning(request, problem)
