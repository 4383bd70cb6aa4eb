"""Redirects in the admin: listed, searched, added, changed and deleted through
the redirect actions, checked as an imported row is."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from articles.actions.redirects import delete_redirect, save_redirect
from articles.admin.frame import acting_user
from articles.models import Redirect
from articles.redirects.planning import RedirectsRefused, old_path_of, plan

TARGET_HELP = _(
    "An article as LANG:SLUG (en:capsaicin-for-nerve-pain) or a path on this "
    "site (/nl/categorie/behandeling/)."
)


class RedirectForm(forms.ModelForm):
    target = forms.CharField(label=_("target"), max_length=1000, help_text=TARGET_HELP)

    class Meta:
        model = Redirect
        fields = ["old_path"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["target"].initial = self.instance.target_label()

    def clean(self) -> dict:
        data = super().clean() or {}
        old_path, target = data.get("old_path"), data.get("target")
        if old_path and target:
            try:
                plan([(1, [old_path, target])])
            except RedirectsRefused as error:
                raise ValidationError(
                    [problem.split(": ", 1)[-1] for problem in error.problems]
                ) from None
        return data

    def validate_unique(self) -> None:
        # The old path is compared once written as the import writes it.
        old_path = old_path_of(self.cleaned_data.get("old_path", ""))
        taken = Redirect.objects.filter(old_path=old_path).exclude(pk=self.instance.pk)
        if taken.exists():
            self.add_error("old_path", _("This old path already redirects."))


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "target_label", "created_at"]
    list_select_related = ["article", "category"]
    search_fields = ["old_path", "target_path", "article__slug_en", "article__slug_nl"]
    list_filter = ["language"]
    actions = None

    @admin.display(description=_("target"))
    def target_label(self, obj: Redirect) -> str:
        return obj.target_label()

    def save_form(self, request: HttpRequest, form, change: bool) -> Redirect:
        return save_redirect(
            redirect=form.instance if change else None,
            old_path=form.cleaned_data["old_path"],
            target=form.cleaned_data["target"],
            user=acting_user(request),
        )

    def save_model(self, request, obj, form, change) -> None:
        """Saved by ``save_form``."""

    def save_related(self, request, form, formsets, change) -> None:
        """A redirect has no related rows."""

    def delete_model(self, request: HttpRequest, obj: Redirect) -> None:
        delete_redirect(redirect=obj, user=acting_user(request))
