"""Decision 0016: AES-GCM values, Fernet values from before, key rotation and retired keys."""

from contextlib import contextmanager

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from civicgrid.core import pii, pii_rotation

OLD, NEW = pii.new_key(), pii.new_key()


@contextmanager
def keys(configured: str, index: str = ""):
    with override_settings(CIVICGRID_PII_KEY=configured, CIVICGRID_PII_INDEX_KEY=index):
        pii.reset_keys()
        try:
            yield
        finally:
            pii.reset_keys()
    pii.reset_keys()


def test_values_are_aes_gcm_with_the_key_named_and_shorter_than_fernet():
    with keys(NEW):
        token = pii.encrypt("310101199001011234")
        assert token.startswith(pii.current_prefix()) and token.startswith("g1$")
        assert "310101199001011234" not in token
        assert len(token) < len(Fernet(NEW.encode()).encrypt(b"310101199001011234"))
        assert pii.decrypt(token) == "310101199001011234"
        assert pii.encrypt("310101199001011234") != token  # a fresh nonce each time


def test_a_tampered_value_is_refused_not_misread():
    with keys(NEW):
        token = pii.encrypt("13812345678")
        body = token[len(pii.current_prefix()) :]
        flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
        with pytest.raises(pii.Undecryptable):
            pii.open_value(pii.current_prefix() + flipped)
        assert pii.decrypt(pii.current_prefix() + flipped) == ""


def test_fernet_values_from_before_still_decrypt_and_are_re_encrypted():
    old_token = Fernet(OLD.encode()).encrypt(b"310101199001011234").decode()
    with keys(OLD):
        assert pii.decrypt(old_token) == "310101199001011234"
        again = pii.reencrypt(old_token)
        assert again is not None and again.startswith(pii.current_prefix())
        assert pii.decrypt(again) == "310101199001011234"
        assert pii.reencrypt(again) is None  # already current: left alone
        assert pii.decrypt(pii.to_fernet(again)) == "310101199001011234"


def test_blind_index_is_the_same_as_before_the_change():
    # the derivation decision 0002 fixed: HKDF(oldest key, "civicgrid-blind-index")
    import base64
    import hmac

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    master = base64.urlsafe_b64decode(OLD)
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"civicgrid-blind-index"
    ).derive(master)
    expected = hmac.digest(key, b"31010119900101123X", "sha256").hex()
    with keys(OLD):
        assert pii.blind_index("31010119900101123x") == expected
    with keys(f"{NEW},{OLD}"):  # a new key in front: indexes unchanged
        assert pii.blind_index("31010119900101123x") == expected
        index_key = pii.index_key()
    with keys(NEW, index=index_key):  # the oldest key retired, its index key kept
        assert pii.blind_index("31010119900101123x") == expected


def test_a_retired_key_s_values_read_only_while_it_is_listed():
    with keys(OLD):
        token = pii.encrypt("13812345678")
    with keys(NEW):
        assert pii.decrypt(token) == ""
        with pytest.raises(pii.Undecryptable):
            pii.reencrypt(token)
    with keys(f"{NEW},{OLD}"):
        assert pii.decrypt(token) == "13812345678"


@pytest.mark.django_db
def test_rotation_re_encrypts_every_column_and_keeps_indexes(tree):
    from civicgrid.registry.models import Person

    fernet = Fernet(OLD.encode())
    with keys(OLD):
        people = []
        for i, (number, phone) in enumerate(
            [("310101199001011234", "13812345678"), ("31010119900101123X", "")]
        ):
            p = Person(name=f"p{i}", grid=tree.grid1, gender="M")
            p.set_pii("id_number", number, pii.mask_id_number)
            p.set_pii("phone", phone, pii.mask_phone)
            if i == 0:  # as stored before decision 0016
                p.id_number_enc = fernet.encrypt(number.encode()).decode()
            p.save()
            people.append(p)
        before = list(
            Person.objects.order_by("pk").values_list(
                "id_number_index", "phone_index", "id_number_masked", "phone_masked", "updated_at"
            )
        )
    with keys(f"{NEW},{OLD}"):
        counts = pii_rotation.rotate(batch=1)
        assert counts.failed == 0 and counts.rewritten == 2
        rows = list(Person.objects.order_by("pk"))
        for p in rows:
            assert p.id_number_enc.startswith(pii.current_prefix())
            assert p.phone_enc == "" or p.phone_enc.startswith(pii.current_prefix())
        assert [p.reveal("id_number") for p in rows] == ["310101199001011234", "31010119900101123X"]
        assert rows[0].reveal("phone") == "13812345678"
        after = list(
            Person.objects.order_by("pk").values_list(
                "id_number_index", "phone_index", "id_number_masked", "phone_masked", "updated_at"
            )
        )
        assert after == before
        assert pii_rotation.rotate().rewritten == 0  # run again: nothing left to do
        index_key = pii.index_key()
    with keys(NEW, index=index_key):  # the old key can go now
        assert Person.objects.order_by("pk")[0].reveal("id_number") == "310101199001011234"
        assert Person.objects.filter(id_number_index=pii.blind_index("310101199001011234")).exists()


@pytest.mark.django_db
def test_the_migration_moves_fernet_values_and_back(tree):
    import importlib

    from django.apps import apps

    from civicgrid.registry.models import Person

    migration = importlib.import_module("civicgrid.core.migrations.0005_pii_aes_gcm")
    with keys(OLD):
        p = Person(name="p", grid=tree.grid1, gender="M", id_number_index="x")
        p.id_number_enc = Fernet(OLD.encode()).encrypt(b"310101199001011234").decode()
        p.save()
        migration.forward(apps, None)
        p.refresh_from_db()
        assert p.id_number_enc.startswith(pii.current_prefix())
        assert p.reveal("id_number") == "310101199001011234"
        migration.backward(apps, None)
        p.refresh_from_db()
        assert not p.id_number_enc.startswith(pii.PREFIX)
        assert Fernet(OLD.encode()).decrypt(p.id_number_enc.encode()) == b"310101199001011234"


@pytest.mark.django_db
def test_the_command_counts_rotates_and_names_what_it_cannot_open(tree, capsys):
    from civicgrid.registry.models import Person

    with keys(OLD):
        p = Person(name="p", grid=tree.grid1, gender="M", id_number_index="x")
        p.set_pii("phone", "13812345678", pii.mask_phone)
        p.save()
    with keys(f"{NEW},{OLD}"):
        call_command("pii", "status")
        assert "registry.Person.phone_enc: 0 / 1 / 0 / 0" in capsys.readouterr().out
        call_command("pii", "rotate")
        out = capsys.readouterr().out
        assert "registry.Person.phone_enc" in out and "13812345678" not in out
        call_command("pii", "status")
        assert "registry.Person.phone_enc: 1 / 0 / 0 / 0" in capsys.readouterr().out
    with keys(OLD):
        q = Person(name="q", grid=tree.grid1, gender="M", id_number_index="y")
        q.set_pii("phone", "13900001111", pii.mask_phone)
        q.save()
    with keys(NEW), pytest.raises(CommandError):  # q's key is not listed: left alone, reported
        call_command("pii", "rotate")
    q.refresh_from_db()
    with keys(OLD):
        assert q.reveal("phone") == "13900001111"


def test_new_key_is_a_usable_key(capsys):
    call_command("pii", "new-key")
    key = capsys.readouterr().out.strip()
    with keys(key):
        assert pii.decrypt(pii.encrypt("x")) == "x"
