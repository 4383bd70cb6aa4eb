"""The forms of the review queue and of recording a review."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.actions.review import COMMENT_LIMIT, INTERVAL_LIMIT
from articles.admin.forms import MONTH_FORMATS, MONTH_INPUT, this_month
from articles.models import Category, Reviewer


class RecordReviewForm(forms.Form):
    """A review that changed nothing in the text."""

    reviewer = forms.ModelChoiceField(
        label=capfirst(_("reviewer")), queryset=Reviewer.objects.all()
    )
    month = forms.DateField(
        label=capfirst(_("reviewed in")),
        input_formats=MONTH_FORMATS,
        widget=MONTH_INPUT,
        initial=this_month,
    )
    interval_months = forms.IntegerField(
        label=capfirst(_("review interval (months)")),
        required=False,
        min_value=1,
        max_value=INTERVAL_LIMIT,
        help_text=_("Empty: the site's interval."),
    )
    note = forms.CharField(
        label=capfirst(_("note")),
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"),
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DueFilterForm(forms.Form):
    """The filters of the review-due report."""

    category = forms.ModelChoiceField(
        label=capfirst(_("category")), queryset=Category.objects.all(), required=False
    )
    reviewer = forms.ModelChoiceField(
        label=capfirst(_("reviewer")), queryset=Reviewer.objects.all(), required=False
    )
