"""A kept download's bytes move into parts of at most a mebibyte: a kept
download becomes its first part."""

import django.db.models.deletion
from django.db import migrations, models


def into_parts(apps, schema_editor):
    Part = apps.get_model("articles", "CatalogDownloadPart")
    for download in apps.get_model("articles", "CatalogDownload").objects.all():
        Part.objects.create(download=download, number=0, content=download.content)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0025_recount_related_terms"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogDownloadPart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("content", models.BinaryField()),
                (
                    "download",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parts",
                        to="articles.catalogdownload",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("download", "number"),
                        name="catalog_download_part_number",
                    )
                ],
            },
        ),
        migrations.RunPython(into_parts, migrations.RunPython.noop),
        migrations.RemoveField(model_name="catalogdownload", name="content"),
    ]
