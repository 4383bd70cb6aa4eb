"""Article.translation_progress: one dict per language instead of a positional list."""

from django.db import migrations, models


def _as_dicts(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.select_related("latest_revision").iterator():
        stored = article.translation_progress or {}
        if not any(isinstance(value, list) for value in stored.values()):
            continue
        snapshot = article.latest_revision.snapshot if article.latest_revision else {}
        translated_from = snapshot.get("translated_from") or {}
        source_version = snapshot.get("source_version") or 0
        article.translation_progress = {
            language: {
                "segments": value[0],
                "translated": value[1],
                "fuzzy": value[2],
                "outdated": translated_from.get(language, source_version)
                < source_version,
            }
            for language, value in stored.items()
            if isinstance(value, list) and len(value) == 3
        }
        article.save(update_fields=["translation_progress"])


def _as_lists(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.iterator():
        stored = article.translation_progress or {}
        article.translation_progress = {
            language: [value["segments"], value["translated"], value["fuzzy"]]
            for language, value in stored.items()
            if isinstance(value, dict)
        }
        article.save(update_fields=["translation_progress"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_audit_trash_actions")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="translation_progress",
            field=models.JSONField(
                default=dict,
                editable=False,
                help_text="Per language: the translation's progress in the latest revision.",
                verbose_name="translation progress",
            ),
        ),
        migrations.RunPython(_as_dicts, _as_lists),
    ]
