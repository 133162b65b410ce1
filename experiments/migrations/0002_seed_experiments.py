"""Two ready-made experiments between the carousel strategies, both inactive: a presenter ticks
"active" on one in the admin to start it."""

from django.db import migrations


def seed(apps, schema_editor):
    Experiment = apps.get_model("experiments", "Experiment")
    for key, name, kind in (
        ("related-vs-reranked-ab", "Related only vs re-ranked (A/B)", "ab"),
        (
            "related-vs-reranked-interleaving",
            "Related only vs re-ranked (interleaving)",
            "interleaving",
        ),
    ):
        Experiment.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "kind": kind,
                "strategy_a": "related",
                "strategy_b": "reranked",
                "share_b": 0.5,
                "active": False,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("experiments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
