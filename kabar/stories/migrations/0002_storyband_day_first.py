"""The band table's primary key starts with the day (see StoryBand). A primary key cannot be
altered, so the table is made again and filled from the members' stored signatures."""

from datetime import UTC, date

import django.db.models.deletion
from django.db import migrations, models

_EPOCH = date(1970, 1, 1).toordinal()


def fill(apps, schema_editor):
    # The bands are the fingerprint's: if that ever changes, `kabar recluster` makes them again.
    from kabar.stories.fingerprint import MIN_SHINGLES, band_hashes, signature_from_bytes

    member = apps.get_model("stories", "StoryMember")
    band = apps.get_model("stories", "StoryBand")
    rows = []
    for article_id, published_at, signature, shingles in member.objects.values_list(
        "article_id", "published_at", "signature", "shingles"
    ).iterator(chunk_size=2000):
        if shingles < MIN_SHINGLES:
            continue
        day = published_at.astimezone(UTC).date().toordinal() - _EPOCH
        keys = band_hashes(signature_from_bytes(bytes(signature)))
        rows += [band(day=day, band=n, key=key, article_id=article_id) for n, key in enumerate(keys)]
        if len(rows) >= 20_000:
            band.objects.bulk_create(rows)
            rows = []
    band.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("stories", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="StoryBand"),
        migrations.CreateModel(
            name="StoryBand",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "day", "band", "key", "article", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("band", models.SmallIntegerField()),
                ("key", models.BigIntegerField()),
                ("day", models.IntegerField()),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
