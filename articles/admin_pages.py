"""The page frame shared by the article admin's own views."""

from django.contrib.admin import ModelAdmin
from django.http import HttpRequest
from django.template.response import TemplateResponse


def admin_page(
    model_admin: ModelAdmin, request: HttpRequest, template: str, context: dict
) -> TemplateResponse:
    """Render ``template`` with the admin site's context and the model's options."""
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            **context,
        },
    )
