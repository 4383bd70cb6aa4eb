from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Clinic articles")
admin.site.site_title = _("Clinic articles")
admin.site.index_title = _("Articles, translations and their history")

urlpatterns = [
    path("admin/", admin.site.urls),
    *i18n_patterns(path("", include("articles.public.urls"))),
]
