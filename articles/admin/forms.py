"""Admin forms for editing an article as one new revision."""

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import ProseEditorWidget
from modeltranslation.utils import build_localized_fieldname
from treebeard.forms import MoveNodeForm

from articles.admin.fieldnames import field_in_language, field_label
from articles.models import (
    LANGUAGE_CODES,
    Article,
    Revision,
)
from articles.revisions.snapshots import (
    REFERENCE_FIELDS,
    TRANSLATED_FIELDS,
    Snapshot,
    category_entry,
    pick_entry,
    tag_entry,
)
from articles.text.richtext import citation_markers, sanitize_html
from articles.text.rules import (
    INVISIBLE_ONLY,
    bidi_problem,
    control_problem,
    is_invisible,
    visible_text,
)
from articles.translations.segments import split_body

if TYPE_CHECKING:
    from articles.admin.formsets import BasePickFormSet

MISSING_REFERENCE = _(
    "[%(number)s] is cited in the %(body)s but there is no reference %(number)s."
)
SOURCE_TITLE_REQUIRED = _("The title in the source language is required.")
PUBLISH_AT_REQUIRED = _("Give the date and time at which the draft goes live.")
NOTE_REQUIRED = _("A public revision needs a change note: readers see it.")
INVISIBLE_BLOCK = _(
    "A heading, list item or quotation of the %(body)s holds only invisible characters."
)

# The rich-text editor offers exactly the body's allowed elements
# (articles.text.richtext.ALLOWED_TAGS); the server sanitizes again on every save.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Subscript": True,
        "Superscript": True,
        "HardBreak": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "History": True,
        # Spell check in the field's language (``lang`` is set on the editor).
        "NoSpellCheck": False,
    }
}

MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def validate_text(value: str) -> None:
    """The text rules of ``articles.text.rules`` for one typed value."""
    problem = control_problem(value) or bidi_problem(value)
    # Markup alone ("<p></p>", an empty editor) is empty, not invisible.
    if problem is None and (text := visible_text(value)) and is_invisible(text):
        problem = str(INVISIBLE_ONLY)
    if problem:
        raise ValidationError(capfirst(problem))


class TagsWidget(AutocompleteSelectMultiple):
    """Tags are removed one by one: select2's "clear all" cross is a non-item in its
    list of chosen tags, which screen readers announce wrongly."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {
            **super().build_attrs(base_attrs, extra_attrs),
            "data-allow-clear": "false",
        }


class TextRulesForm(forms.BaseForm):
    """A form whose every text field follows the text rules."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_text)


class CategoryForm(TextRulesForm, MoveNodeForm):
    pass


class TagForm(TextRulesForm, forms.ModelForm):
    pass


class ArticleForm(TextRulesForm, forms.ModelForm):
    """The article's own fields in every language; validated, never saved directly."""

    class Meta:
        model = Article
        fields = [
            *(
                build_localized_fieldname(name, code)
                for code in LANGUAGE_CODES
                for name in TRANSLATED_FIELDS
            ),
            "source_language",
            "author_line",
            "first_published",
            "category",
            "tags",
        ]
        widgets = {
            "first_published": MONTH_INPUT,
            "category": AutocompleteSelect(
                Article._meta.get_field("category"), admin.site
            ),
            "tags": TagsWidget(Article._meta.get_field("tags"), admin.site),
            **{
                build_localized_fieldname(name, code): forms.TextInput(
                    attrs={"class": "vTextField"}
                )
                for code in LANGUAGE_CODES
                for name in ("title", "slug", "meta_description")
            },
            **{
                build_localized_fieldname("body", code): ProseEditorWidget(
                    config=BODY_EDITOR, preset="configurable"
                )
                for code in LANGUAGE_CODES
            },
            **{
                build_localized_fieldname("summary", code): forms.Textarea(
                    attrs={"class": "vLargeTextField", "rows": 3}
                )
                for code in LANGUAGE_CODES
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        first_published = cast(forms.DateField, self.fields["first_published"])
        first_published.input_formats = MONTH_FORMATS
        first_published.help_text = _(
            "Only for articles older than their history here; otherwise the first publication sets it."
        )
        for code in LANGUAGE_CODES:
            for name in TRANSLATED_FIELDS:
                field = self.fields[build_localized_fieldname(name, code)]
                field.label = field_label(name, code)
                # Spell check in the field's language; a slug is no prose.
                field.widget.attrs |= {
                    "lang": code,
                    "spellcheck": "false" if name == "slug" else "true",
                }

    def clean(self):
        data = super().clean()
        # Checked as it will be stored and shown: what the sanitizer keeps.
        for code in LANGUAGE_CODES:
            name = build_localized_fieldname("body", code)
            if data.get(name):
                data[name] = sanitize_html(data[name])
        source = data.get("source_language")
        title = build_localized_fieldname("title", source or "")
        if source and not data.get(title) and title not in self.errors:
            self.add_error(title, SOURCE_TITLE_REQUIRED)
        for code in LANGUAGE_CODES:
            name = build_localized_fieldname("body", code)
            if _invisible_block(data.get(name) or ""):
                self.add_error(
                    name, INVISIBLE_BLOCK % {"body": field_in_language("body", code)}
                )
        return data

    def open_only(self, languages: list[str]) -> None:
        """Disable every field but the translated fields of ``languages``."""
        open_fields = {
            build_localized_fieldname(name, code)
            for code in languages
            for name in TRANSLATED_FIELDS
        }
        for name, field in self.fields.items():
            field.disabled = name not in open_fields

    def language_fields(self, language: str) -> list[forms.BoundField]:
        return [
            self[build_localized_fieldname(name, language)]
            for name in TRANSLATED_FIELDS
        ]


def _invisible_block(body: str) -> bool:
    """Whether a heading, list item or quote shows nothing but is not empty."""
    return any(
        block.kind != "p" and block.html and is_invisible(visible_text(block.html))
        for block in split_body(sanitize_html(body)).blocks
    )


class RevisionForm(TextRulesForm, forms.Form):
    """What the editor says about this save: the change note, kind and editorial date."""

    note = forms.CharField(
        label=_("change note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What changed and why. Readers see the notes of public revisions."),
    )
    kind = forms.ChoiceField(
        label=_("kind"), choices=Revision.Kind.choices, widget=forms.RadioSelect
    )
    editorial_date = forms.DateField(
        label=_("editorial date"),
        input_formats=MONTH_FORMATS,
        widget=MONTH_INPUT,
        initial=this_month,
    )
    publish_at = forms.DateTimeField(
        label=_("publish at"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text=_("Only with “Schedule”: the draft goes live at this time."),
    )
    base_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, schedule: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.schedule = schedule

    def clean(self):
        data = super().clean()
        if self.schedule and not data.get("publish_at"):
            self.add_error("publish_at", PUBLISH_AT_REQUIRED)
        if (
            data.get("kind") == Revision.Kind.PUBLIC
            and not data.get("note", "").strip()
        ):
            self.add_error("note", NOTE_REQUIRED)
        return data


def ordered(formset: forms.BaseFormSet) -> list[dict]:
    """The cleaned data of a formset's kept forms, in the order the editor gave."""
    forms_kept = [
        form
        for form in formset.ordered_forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return [form.cleaned_data for form in forms_kept]


def edit_forms_valid(
    form: ArticleForm,
    references: forms.BaseFormSet | None,
    picks: "BasePickFormSet | None",
    *,
    reference_count: int = 0,
) -> bool:
    """Validate the forms together: every ``[n]`` a body shows needs reference n.

    Without formsets (a translator's form) the article keeps its
    ``reference_count`` references and its picks.
    """
    valid = form.is_valid()
    for formset in (references, picks):
        valid &= formset is None or formset.is_valid()
    if not valid:
        return False
    count = len(ordered(references)) if references is not None else reference_count
    for code in LANGUAGE_CODES:
        name = build_localized_fieldname("body", code)
        for number in sorted(set(citation_markers(form.cleaned_data.get(name) or ""))):
            if not 1 <= number <= count:
                form.add_error(
                    name,
                    MISSING_REFERENCE
                    % {"number": number, "body": field_in_language("body", code)},
                )
    return form.is_valid()


def snapshot_from_forms(
    form: ArticleForm,
    references: forms.BaseFormSet | None,
    picks: forms.BaseFormSet | None,
    *,
    base: Snapshot,
) -> Snapshot:
    """The edited article as a snapshot, keeping the translation state of ``base``.

    Without formsets, the references and picks of ``base`` are kept.
    """
    data = form.cleaned_data
    category = data.get("category")
    return replace(
        base,
        fields={
            name: {
                code: data.get(build_localized_fieldname(name, code)) or ""
                for code in LANGUAGE_CODES
            }
            for name in TRANSLATED_FIELDS
        },
        source_language=data["source_language"],
        author_line=data.get("author_line", ""),
        first_published=data.get("first_published"),
        category=category_entry(category) if category else None,
        tags=[tag_entry(tag) for tag in data.get("tags", [])],
        picks=[pick_entry(item["target"]) for item in ordered(picks)]
        if picks is not None
        else base.picks,
        references=[
            {name: item.get(name) or "" for name in REFERENCE_FIELDS}
            for item in ordered(references)
        ]
        if references is not None
        else base.references,
    )


def initial_from_snapshot(snapshot: Snapshot) -> tuple[dict, list[dict], list[dict]]:
    """Initial data for the article form and the two formsets."""
    article: dict[str, Any] = {
        build_localized_fieldname(name, code): snapshot.value(name, code)
        for name in TRANSLATED_FIELDS
        for code in LANGUAGE_CODES
    }
    article |= {
        "source_language": snapshot.source_language,
        "author_line": snapshot.author_line,
        "first_published": snapshot.first_published,
        "category": (snapshot.category or {}).get("id"),
        "tags": [tag.get("id") for tag in snapshot.tags],
    }
    return (
        article,
        [dict(reference) for reference in snapshot.references],
        [{"target": pick.get("id")} for pick in snapshot.picks],
    )
