"""Rating and assessment rounds get a state that only ``evaluation/workflow.py`` changes (open,
or closed: the results final), with each change on the record (who, when, from, to, why). An
assessment round's "results final" box becomes its state: ticked, closed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATES = [("open", "in progress"), ("closed", "results final")]
ACTIONS = [("close", "make the results final"), ("reopen", "reopen the round")]


def closed_to_state(apps, schema_editor):
    rounds = apps.get_model("evaluation", "AssessmentRound")
    rounds.objects.filter(closed=True).update(state="closed")


def state_to_closed(apps, schema_editor):
    rounds = apps.get_model("evaluation", "AssessmentRound")
    rounds.objects.filter(state="closed").update(closed=True)


def step(name, round_model, round_label, verbose, plural):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("action", models.CharField(choices=ACTIONS, max_length=10, verbose_name="step")),
            ("from_state", models.CharField(choices=STATES, max_length=10, verbose_name="from state")),
            ("to_state", models.CharField(choices=STATES, max_length=10, verbose_name="to")),
            ("at", models.DateTimeField(verbose_name="at")),
            ("note", models.TextField(blank=True, verbose_name="why")),
            ("actor", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="by")),
            ("round", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="steps", to=round_model, verbose_name=round_label)),
        ],
        options={
            "verbose_name": verbose,
            "verbose_name_plural": plural,
            "ordering": ["round", "at", "id"],
        },
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0004_scheme_templates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentround",
            name="state",
            field=models.CharField(
                choices=STATES, default="open", max_length=10, verbose_name="state"
            ),
        ),
        migrations.AddField(
            model_name="ratinground",
            name="state",
            field=models.CharField(
                choices=STATES, default="open", max_length=10, verbose_name="state"
            ),
        ),
        migrations.RunPython(closed_to_state, state_to_closed),
        migrations.RemoveField(model_name="assessmentround", name="closed"),
        step(
            "AssessmentRoundStep",
            "evaluation.assessmentround",
            "round",
            "assessment round step",
            "assessment round steps",
        ),
        step(
            "RatingRoundStep",
            "evaluation.ratinground",
            "rating round",
            "rating round step",
            "rating round steps",
        ),
    ]
