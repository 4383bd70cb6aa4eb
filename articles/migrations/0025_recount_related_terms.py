"""Related word counts are now made with the Snowball stop words search uses,
not scikit-learn's list: the stored ones are dropped, and counted again when
the related lists next read them (or by ``manage.py rebuild_related``)."""

from django.db import migrations


def drop_counts(apps, schema_editor):
    apps.get_model("articles", "RelatedTerms").objects.all().delete()
    apps.get_model("articles", "RelatedIndexVersion").objects.update(token="")


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_related_index_journal")]

    operations = [migrations.RunPython(drop_counts, migrations.RunPython.noop)]
