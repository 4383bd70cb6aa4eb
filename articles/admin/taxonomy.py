"""Admin of the category tree and the tags: every save and move runs an action."""

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from articles.actions.base import ActionRefused, NotPermitted
from articles.actions.categories import (
    delete_category,
    delete_tag,
    save_category,
    save_tag,
)
from articles.admin import forms as edit_forms
from articles.admin.frame import acting_user
from articles.models import (
    Category,
    Tag,
)

CATEGORY_NOT_MOVED = gettext_lazy("The category cannot be moved there.")


@admin.register(Category)
class CategoryAdmin(TreeAdmin, TranslationAdmin):
    form = movenodeform_factory(Category, form=edit_forms.CategoryForm)
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_nl"]

    def save_form(self, request, form, change):
        # The tree form writes as it saves (treebeard): the action runs it.
        return save_category(
            category=form.instance,
            user=acting_user(request),
            write=lambda: _tree_save(form),
        )

    def save_model(self, request, obj, form, change) -> None:
        """Saved by ``save_form``."""

    def delete_model(self, request, obj) -> None:
        delete_category(category=obj, user=acting_user(request))

    def delete_queryset(self, request, queryset) -> None:
        # A category deleted with an ancestor is gone by the time its turn comes.
        for category in queryset.order_by("depth"):
            if Category.objects.filter(pk=category.pk).exists():
                delete_category(category=category, user=acting_user(request))

    def move_node(self, request):
        """Drag and drop in the tree: treebeard's move, run by the action."""
        pk = request.POST.get("node", "")
        node = Category.objects.filter(pk=pk).first() if pk.isdigit() else None
        if node is None:
            return super().move_node(request)
        response = HttpResponse()

        def move() -> Category:
            nonlocal response
            response = super(CategoryAdmin, self).move_node(request)
            if response.status_code != 200:  # treebeard refused the move
                raise ActionRefused(str(CATEGORY_NOT_MOVED))
            node.refresh_from_db()
            return node

        try:
            save_category(category=node, user=acting_user(request), write=move)
        except NotPermitted:
            raise
        except ActionRefused:
            pass  # treebeard's message says why
        return response


def _tree_save(form) -> Category:
    node = form.save(commit=False)
    node.save()
    return node


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    form = edit_forms.TagForm
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_nl"]

    def save_model(self, request, obj, form, change) -> None:
        save_tag(tag=obj, user=acting_user(request))

    def delete_model(self, request, obj) -> None:
        delete_tag(tag=obj, user=acting_user(request))

    def delete_queryset(self, request, queryset) -> None:
        for tag in queryset:
            delete_tag(tag=tag, user=acting_user(request))
