"""Decision 0016: personal data stored as Fernet tokens is re-encrypted with AES-GCM.

Runs the same code as ``civicgrid pii rotate`` (core/pii_rotation.py) over the historical
models: each batch opens and re-seals its values in memory and writes only ciphertext; a
migration stopped part-way can simply be run again. Reversing writes Fernet tokens again (under
the first key), for code from before the decision.
"""

from django.db import migrations

from civicgrid.core import pii, pii_rotation


def forward(apps, schema_editor):
    pii_rotation.rotate(pii_rotation.encrypted_columns(apps), seal=pii.reencrypt)


def backward(apps, schema_editor):
    pii_rotation.rotate(pii_rotation.encrypted_columns(apps), seal=pii.to_fernet)


class Migration(migrations.Migration):
    atomic = False  # each batch commits on its own (resumable, and no table-long lock)

    dependencies = [
        ("core", "0004_power_change_audit"),
        ("accounts", "0003_account_phone"),
        ("registry", "0008_address_building_name_prefix"),
        ("cases", "0008_resolved"),
        ("disputes", "0001_initial"),
        ("orgs", "0002_tender_and_subsidy_steps"),
        ("notifications", "0003_announcements"),
        ("webhooks", "0002_announced_topics"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
