"""Which scheme or score card an item of the admitted assessments admits is evaluation's to
record, pointing down at the duty lists' item: the lists are rules below evaluation and no longer
name evaluation's tables. A database from before this kept the two on the list items
(``duties_listitem.scheme_id``, ``score_card_id``): they are copied here and those columns go;
a new database never had them."""

import django.db.models.deletion
from django.db import migrations, models

OLD_COLUMNS = ("scheme_id", "score_card_id")
ITEMS = "duties_listitem"
LINKS = "evaluation_admittedassessment"


def _columns(schema_editor, table: str) -> set[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def _drop_old_columns(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        # SQLite drops a column that has a foreign key only by making the table again: made
        # from the item as the duty lists now define it, it has neither column
        schema_editor._remake_table(apps.get_model("duties", "ListItem"))
        return
    quote = schema_editor.quote_name
    for column in OLD_COLUMNS:
        schema_editor.execute(
            schema_editor.sql_delete_column % {"table": quote(ITEMS), "column": quote(column)}
        )


def links_from_list_items(apps, schema_editor):
    if not set(OLD_COLUMNS) <= _columns(schema_editor, ITEMS):
        return  # a new database: the list items never held them
    schema_editor.execute(
        f"INSERT INTO {LINKS} (item_id, scheme_id, score_card_id) "
        f"SELECT id, scheme_id, score_card_id FROM {ITEMS} "
        "WHERE scheme_id IS NOT NULL OR score_card_id IS NOT NULL"
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked before the table changes
    _drop_old_columns(apps, schema_editor)


def links_to_list_items(apps, schema_editor):
    """Back as before: the columns on the list items again, filled from here."""
    items = apps.get_model("duties", "ListItem")
    if not set(OLD_COLUMNS) & _columns(schema_editor, ITEMS):
        for name, target in (("scheme", "Scheme"), ("score_card", "ScoreCard")):
            field = models.ForeignKey(
                apps.get_model("evaluation", target),
                models.PROTECT,
                null=True,
                blank=True,
                related_name="+",
            )
            field.set_attributes_from_name(name)
            field.model = items
            schema_editor.add_field(items, field)
    for column in OLD_COLUMNS:
        schema_editor.execute(
            f"UPDATE {ITEMS} SET {column} = (SELECT {column} FROM {LINKS} "
            f"WHERE {LINKS}.item_id = {ITEMS}.id)"
        )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # before the columns' indexes


class Migration(migrations.Migration):
    dependencies = [
        ("duties", "0001_squashed_0006_duty_lists"),
        ("evaluation", "0005_round_states"),
    ]

    operations = [
        migrations.CreateModel(
            name="AdmittedAssessment",
            fields=[
                ("item", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="+", serialize=False, to="duties.listitem", verbose_name="list item")),
                ("scheme", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="evaluation.scheme", verbose_name="assessment scheme (admitted assessments)")),
                ("score_card", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="evaluation.scorecard", verbose_name="score card (admitted assessments)")),
            ],
            options={
                "verbose_name": "admitted assessment",
                "verbose_name_plural": "admitted assessments",
                "ordering": ["item"],
            },
        ),
        migrations.RunPython(links_from_list_items, links_to_list_items),
    ]
