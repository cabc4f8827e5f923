"""The text search reads building-level entries only: a house is found through its building (the
search narrows to a few buildings, then their houses are ranked), so the trigram index and the
FTS table hold 1/25 of the rows and answer within the speed target (decision 0015)."""

from django.db import migrations

PG_FORWARD = [
    "DROP INDEX IF EXISTS stdaddr_search_trgm",
    "CREATE INDEX stdaddr_search_trgm ON registry_standardaddress USING gin "
    "(search gin_trgm_ops) WHERE level = 'building'",
    "CREATE INDEX stdaddr_building_level ON registry_standardaddress (building_id, level)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS stdaddr_building_level",
    "DROP INDEX IF EXISTS stdaddr_search_trgm",
    "CREATE INDEX stdaddr_search_trgm ON registry_standardaddress USING gin (search gin_trgm_ops)",
]
FTS = "registry_standardaddress_fts"
TABLE = "registry_standardaddress"
SQLITE_TRIGGERS = ["registry_standardaddress_ai", "registry_standardaddress_ad",
                   "registry_standardaddress_au"]  # fmt: skip
SQLITE_FORWARD = [
    *(f"DROP TRIGGER IF EXISTS {t}" for t in SQLITE_TRIGGERS),
    f"DROP TABLE IF EXISTS {FTS}",
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    f"search, content='{TABLE}', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER registry_standardaddress_ai AFTER INSERT ON {TABLE} "
    f"WHEN new.level = 'building' BEGIN "
    f"INSERT INTO {FTS}(rowid, search) VALUES (new.id, new.search); END",
    f"CREATE TRIGGER registry_standardaddress_ad AFTER DELETE ON {TABLE} "
    f"WHEN old.level = 'building' BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search) VALUES ('delete', old.id, old.search); END",
    f"CREATE TRIGGER registry_standardaddress_au AFTER UPDATE ON {TABLE} "
    f"WHEN old.level = 'building' OR new.level = 'building' BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search) SELECT 'delete', old.id, old.search "
    f"WHERE old.level = 'building'; "
    f"INSERT INTO {FTS}(rowid, search) SELECT new.id, new.search "
    f"WHERE new.level = 'building'; END",
    f"INSERT INTO {FTS}(rowid, search) SELECT id, search FROM {TABLE} WHERE level = 'building'",
    f"CREATE INDEX stdaddr_building_level ON {TABLE} (building_id, level)",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS stdaddr_building_level",
    *(f"DROP TRIGGER IF EXISTS {t}" for t in SQLITE_TRIGGERS),
    f"DROP TABLE IF EXISTS {FTS}",
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    f"search, content='{TABLE}', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER registry_standardaddress_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, search) VALUES (new.id, new.search); END",
    f"CREATE TRIGGER registry_standardaddress_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search) VALUES ('delete', old.id, old.search); END",
    f"CREATE TRIGGER registry_standardaddress_au AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search) VALUES ('delete', old.id, old.search); "
    f"INSERT INTO {FTS}(rowid, search) VALUES (new.id, new.search); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_standard_address_index")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
