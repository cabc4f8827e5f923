"""Test-wide configuration. Overrides here are for speed, and for counts that never depend on
the machine's speed."""

import os

from cryptography.fernet import Fernet

# Tests use their own key so parallel workers never race to create var/pii.key.
os.environ.setdefault("CIVICGRID_PII_KEY", Fernet.generate_key().decode())


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # a count is kept only when it was slow to make: on a busy machine a test would see the
    # count it made before changing the cases (tests of civicgrid/core/kept.py turn it on)
    settings.CIVICGRID_KEEP_COUNTS_AFTER = None


import pytest  # noqa: E402


@pytest.fixture
def tree(db):
    from civicgrid.areas.tests.factories import make_tree

    return make_tree()


from civicgrid.cases.tests.fixtures import loop  # noqa: E402,F401
from civicgrid.core.tests.s3 import s3_endpoint, s3_storage  # noqa: E402,F401
from civicgrid.participation.tests.fixtures import micro  # noqa: E402,F401
from civicgrid.registry.tests.fixtures import gl_client, street_leader, world  # noqa: E402,F401
from civicgrid.web.tests.browser import chromium, open_page  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Each test rolls its database back: caches built from an earlier test's rows are stale."""
    from civicgrid.core.stamped import StampedCache

    StampedCache.forget_all()


@pytest.fixture(autouse=True)
def _no_language_leak():
    """A command or request may activate a language; don't let it leak into the next test."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True, scope="session")
def _class_model_trained_once_per_corpus():
    """Many tests train the class suggestion on the very same words (the catalogue and the demo's
    or the fixtures' cases): a model trained once on a corpus serves the worker's later tests on
    that corpus. A test that changes the corpus (new cases) still trains afresh."""
    from civicgrid.insight import classifier

    real = classifier.train
    trained: dict = {}

    def train(documents, **options):
        docs = tuple(documents)
        key = (docs, tuple(sorted(options.items())))
        if key not in trained:
            trained[key] = real(docs, **options)
        return trained[key]

    classifier.train = train
    yield
    classifier.train = real
