"""Admin pages and actions of the translation pipeline: export, upload, preview, apply."""

from typing import TYPE_CHECKING, TypeVar

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, Q, When
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from articles.actions.import_catalog import import_catalog
from articles.admin.background import task_url
from articles.admin.frame import ArticleAdminBase, acting_user, admin_page
from articles.admin.po_report import applied_message, entry_rows, outcome_rows
from articles.background.tasks import catalog_export_task, catalog_upload_task
from articles.models import LANGUAGE_CODES, Article
from articles.translations.downloads import (
    catalog_download,
    catalog_download_content,
    catalog_export_inline,
    catalog_filename,
)
from articles.translations.po.export import catalog_export
from articles.translations.po.reading import CatalogError, too_large
from articles.translations.state import TranslationProgress
from articles.translations.uploads import (
    catalog_upload_apply,
    catalog_upload_inline,
    catalog_upload_keep,
    catalog_upload_size,
    upload_gone_message,
)

if TYPE_CHECKING:
    from articles.models import WithProgress

DASHBOARD_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("PO or XLIFF file"))
    language = forms.ChoiceField(
        label=gettext_lazy("language"),
        choices=[("", gettext_lazy("as the file's header says")), *settings.LANGUAGES],
        required=False,
    )
    apply_fuzzy = forms.BooleanField(
        label=gettext_lazy("Apply fuzzy entries too"), required=False
    )
    apply_memory = forms.BooleanField(
        label=gettext_lazy("Apply the translation memory's suggestions too"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if refusal := too_large(upload.size):
            raise forms.ValidationError(refusal)
        return upload


def catalog_response(
    *, language: str, articles=None, needs_work: bool = False
) -> HttpResponse:
    """A PO catalog as a download."""
    catalog = catalog_export(
        language=language, articles=articles, needs_work=needs_work
    )
    return _po_download(str(catalog).encode(), catalog_filename(language))


PO_CONTENT_TYPE = "text/x-gettext-translation; charset=utf-8"


_Response = TypeVar("_Response", HttpResponse, StreamingHttpResponse)


def _attachment(response: _Response, filename: str) -> _Response:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _po_download(content: bytes, filename: str) -> HttpResponse:
    return _attachment(HttpResponse(content, content_type=PO_CONTENT_TYPE), filename)


def export_actions() -> list:
    """One admin action per language: export the selected articles for translation."""
    actions = []
    for code in LANGUAGE_CODES:

        def action(modeladmin, request, queryset, code=code):
            return catalog_response(language=code, articles=queryset)

        action.__name__ = f"export_po_{code}"
        actions.append(admin.action(description=_export_label(code))(action))
    return actions


def _export_text(code: str) -> str:
    return _("Export PO for translation into %(language)s") % {
        "language": translation.get_language_info(code)["name_translated"]
    }


# Put together when shown, in the language of the page that shows it.
_export_label = lazy(_export_text, str)


def _dashboard_row(article: "WithProgress") -> dict[str, object]:
    """A dashboard line; the dashboard lists only articles with segments, whose
    three counts are all set."""
    progress = TranslationProgress(
        segments=article.segments or 0,
        translated=article.translated or 0,
        fuzzy=article.fuzzy or 0,
        outdated=bool(article.outdated),
    )
    return {"article": article, "progress": progress}


class TranslationViews(ArticleAdminBase):
    """Views mixed into the article admin for exporting and importing catalogs."""

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        language = request.GET.get("language", "")
        if language not in LANGUAGE_CODES:
            return HttpResponse(status=400)
        needs_work = bool(request.GET.get("needs_work"))
        if not catalog_export_inline():
            queued = catalog_export_task.enqueue(
                user_id=acting_user(request).pk,
                catalog_language=language,
                needs_work=needs_work,
                language=translation.get_language(),
            )
            return HttpResponseRedirect(task_url(str(queued.id)))
        return catalog_response(language=language, needs_work=needs_work)

    def download_view(self, request: HttpRequest, pk: int) -> StreamingHttpResponse:
        """A catalog a worker exported for this user."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        download = catalog_download(user=acting_user(request), pk=pk)
        if download is None:
            raise Http404
        return _attachment(
            StreamingHttpResponse(
                catalog_download_content(download), content_type=PO_CONTENT_TYPE
            ),
            download.filename,
        )

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """Per language the user may work in: what needs work, outdated first.

        A page at a time, sorted and counted in the database, so that the page
        costs the same on a site of any size.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        languages = [
            code
            for code in LANGUAGE_CODES
            if request.user.has_perm("articles.change_article")
            or request.user.has_perm(Article.translate_permission(code))
        ]
        source_title = Case(
            *(
                When(
                    source_language=code,
                    then=F(build_localized_fieldname("title", code)),
                )
                for code in LANGUAGE_CODES
            ),
            default=F("title"),
            output_field=CharField(),
        )
        overview = []
        for code in languages:
            articles = (
                Article.objects.present()
                .exclude(source_language=code)
                .with_progress(code)
                .filter(segments__gt=0)
            )
            counts = articles.aggregate(
                rows=Count("pk"),
                needs_work=Count("pk", filter=Q(translated__lt=F("segments"))),
            )
            paginator = Paginator(
                articles.only(
                    "id", "title", "title_en", "title_nl", "source_language"
                ).order_by(
                    F("outdated").desc(),
                    F("translated") - F("segments"),
                    source_title,
                    "pk",
                ),
                DASHBOARD_PER_PAGE,
            )
            # Counted above with what needs work: one pass over the articles, not two.
            paginator.count = counts["rows"]
            page = paginator.get_page(request.GET.get(f"page-{code}"))
            overview.append(
                {
                    "code": code,
                    "name": translation.get_language_info(code)["name_translated"],
                    "page": page,
                    "rows": [_dashboard_row(article) for article in page],
                    "needs_work": counts["needs_work"],
                }
            )
        return admin_page(
            self,
            request,
            "admin/articles/article/translation_dashboard.html",
            {
                "title": _("Translation dashboard"),
                "overview": overview,
            },
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a PO file: a dry run first, whose report has the button to apply it.

        A file larger than CATALOG_INLINE_KB is kept at once and checked by a
        worker; the answer is the page that follows it.
        """
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        report = upload = None
        if request.method == "POST" and form.is_valid():
            file = form.cleaned_data["file"]
            data = file.read()
            if not catalog_upload_inline(len(data)):
                upload = catalog_upload_keep(
                    user=acting_user(request),
                    filename=file.name,
                    language=form.cleaned_data["language"],
                    apply_fuzzy=form.cleaned_data["apply_fuzzy"],
                    apply_memory=form.cleaned_data["apply_memory"],
                    content=data,
                )
                return self._in_background(request, upload.pk, dry_run=True)
            try:
                report = import_catalog(
                    data=data,
                    filename=file.name,
                    language=form.cleaned_data["language"] or None,
                    user=acting_user(request),
                    dry_run=True,
                    apply_fuzzy=form.cleaned_data["apply_fuzzy"],
                    apply_memory=form.cleaned_data["apply_memory"],
                )
            except CatalogError as error:
                form.add_error("file", str(error))
            else:
                upload = catalog_upload_keep(
                    user=acting_user(request),
                    filename=file.name,
                    language=report.language,
                    apply_fuzzy=form.cleaned_data["apply_fuzzy"],
                    apply_memory=form.cleaned_data["apply_memory"],
                    content=data,
                )
        return self._report_page(request, form=form, report=report, upload=upload)

    def _in_background(
        self, request: HttpRequest, pk: int, *, dry_run: bool
    ) -> HttpResponse:
        queued = catalog_upload_task.enqueue(
            user_id=acting_user(request).pk,
            upload_id=pk,
            dry_run=dry_run,
            language=translation.get_language(),
        )
        return HttpResponseRedirect(task_url(str(queued.id)))

    def apply_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        size = catalog_upload_size(user=acting_user(request), pk=pk)
        if size is not None and not catalog_upload_inline(size):
            return self._in_background(request, pk, dry_run=False)
        try:
            report = catalog_upload_apply(user=acting_user(request), pk=pk)
        except CatalogError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:articles_article_import_po"))
        if report is None:
            messages.error(request, upload_gone_message())
            response = self._report_page(
                request, form=UploadForm(), report=None, upload=None
            )
            response.status_code = 404
            return response
        messages.success(request, applied_message(report))
        return self._report_page(request, form=None, report=report, upload=None)

    def _report_page(self, request, *, form, report, upload) -> HttpResponse:
        return admin_page(
            self,
            request,
            "admin/articles/article/translations.html",
            {
                "title": _("Import a translated PO file"),
                "form": form,
                "report": report,
                "outcomes": outcome_rows(report) if report else [],
                "entries": entry_rows(report) if report else [],
                "upload": upload,
                "languages": [
                    (code, translation.get_language_info(code)["name_translated"])
                    for code in LANGUAGE_CODES
                ],
            },
        )
