"""The roles of the people who work in the admin, as groups."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

ROLES = {
    "Editor": [
        "view_article",
        "add_article",
        "change_article",
        "view_category",
        "add_category",
        "change_category",
        "view_tag",
        "add_tag",
        "change_tag",
    ],
    "Publisher": [
        "view_article",
        "add_article",
        "change_article",
        "delete_article",
        "publish_article",
        "view_category",
        "add_category",
        "change_category",
        "delete_category",
        "view_tag",
        "add_tag",
        "change_tag",
        "delete_tag",
    ],
    "Translator (Dutch)": ["view_article", "translate_article_nl"],
    "Translator (English)": ["view_article", "translate_article_en"],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_contenttypes(app_config, apps=apps, verbosity=0)
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=codenames
            )
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_translator_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
