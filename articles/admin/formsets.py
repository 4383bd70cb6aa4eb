"""The formsets of the article form: its literature references and editors' picks."""

from typing import cast

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.admin.forms import TextRulesForm, ordered
from articles.models import (
    PICK_OF_ITSELF,
    Article,
    RelatedPick,
)

DUPLICATE_PICK = _("This article is picked twice.")


class ReferenceForm(TextRulesForm, forms.Form):
    authors = forms.CharField(
        label=_("authors"), widget=forms.Textarea(attrs={"rows": 2})
    )
    title = forms.CharField(label=_("title"), widget=forms.Textarea(attrs={"rows": 2}))
    journal = forms.CharField(label=_("journal"), required=False, max_length=255)
    details = forms.CharField(
        label=_("citation details"), required=False, max_length=255
    )
    pmid = forms.RegexField(label=_("PMID"), regex=r"^\d{1,12}$", required=False)
    doi = forms.CharField(label=_("DOI"), required=False, max_length=255)
    url = forms.URLField(
        label=_("URL"), required=False, max_length=500, assume_scheme="https"
    )


def _pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PickWidget(AutocompleteSelect):
    """The chosen article's option comes from ``articles`` when it is there.

    Django's autocomplete looks its chosen option up in a query of its own, one
    per pick; the formset loads all its picks' articles at once instead.
    """

    articles: dict[int, Article] = {}

    def optgroups(self, name, value, attr=None):
        chosen = [self.articles.get(_pk(v)) for v in value if v not in ("", None)]
        if None in chosen:
            return super().optgroups(name, value, attr)
        options = [
            self.create_option(
                name,
                article.pk,
                self.choices.field.label_from_instance(article),
                True,
                i,
            )
            for i, article in enumerate(chosen)
        ]
        return [(None, options, 0)]


class PickField(forms.ModelChoiceField):
    """A picked article, taken from the formset's ``articles`` without a query."""

    articles: dict[int, Article] = {}

    def to_python(self, value):
        article = self.articles.get(_pk(value))
        return article if article is not None else super().to_python(value)


class PickForm(forms.Form):
    target = PickField(
        label=_("related article"),
        queryset=Article.objects.present(),
        widget=PickWidget(RelatedPick._meta.get_field("target"), admin.site),
    )

    def __init__(self, *args, articles: dict[int, Article] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(PickField, self.fields["target"])
        widget = cast(PickWidget, field.widget)
        field.articles = widget.articles = articles or {}


class BasePickFormSet(forms.BaseFormSet):
    """Editors' picks: never the article itself, never the same article twice."""

    article: Article | None = None

    @cached_property
    def articles(self) -> dict[int, Article]:
        """Every article the forms name, in one query rather than one per pick."""
        named = [row.get("target") for row in self.initial or []]
        if self.is_bound:
            named += [
                value
                for key, value in self.data.items()
                if key.startswith(f"{self.prefix}-") and key.endswith("-target")
            ]
        ids = {pk for pk in map(_pk, named) if pk is not None}
        return Article.objects.present().in_bulk(ids) if ids else {}

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "articles": self.articles}

    def clean(self) -> None:
        seen = set()
        for data in ordered(self):
            target = data["target"]
            if self.article is not None and target.pk == self.article.pk:
                raise ValidationError(PICK_OF_ITSELF)
            if target.pk in seen:
                raise ValidationError(DUPLICATE_PICK)
            seen.add(target.pk)


ReferenceFormSet = forms.formset_factory(
    ReferenceForm, extra=1, can_delete=True, can_order=True
)
PickFormSet = cast(
    type[BasePickFormSet],
    forms.formset_factory(
        PickForm, formset=BasePickFormSet, extra=1, can_delete=True, can_order=True
    ),
)
