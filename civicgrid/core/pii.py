"""Personal data at rest: Fernet encryption, an HMAC blind index for exact look-up, masking.

The key comes from ``CIVICGRID_PII_KEY`` (comma-separated Fernet keys: the first encrypts, all
decrypt, so keys can be rotated). The embedded default creates ``var/pii.key`` on first use and
warns: losing that file loses every encrypted ID number and phone.
"""

from __future__ import annotations

import base64
import hmac
import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

log = logging.getLogger("civicgrid.pii")


def _load_keys() -> list[bytes]:
    configured = getattr(settings, "CIVICGRID_PII_KEY", "")
    if configured:
        return [k.strip().encode() for k in configured.split(",") if k.strip()]
    path = settings.CIVICGRID_PII_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(Fernet.generate_key())
        path.chmod(0o600)
        log.warning(
            "CIVICGRID_PII_KEY is not set: created %s. Back it up; set CIVICGRID_PII_KEY in "
            "production.",
            path,
        )
    return [path.read_bytes().strip()]


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _load_keys()])


@lru_cache(maxsize=1)
def _index_key() -> bytes:
    # The blind-index key is derived from the *oldest* key so rotation keeps indexes valid.
    master = base64.urlsafe_b64decode(_load_keys()[-1])
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"civicgrid-blind-index"
    ).derive(master)


def reset_keys() -> None:
    """Forget cached keys (tests and key rotation)."""
    _fernet.cache_clear()
    _index_key.cache_clear()


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        log.error("a PII value could not be decrypted with the configured keys")
        return ""


def blind_index(value: str) -> str:
    """Deterministic keyed hash for exact-match look-up; empty for empty input."""
    if not value:
        return ""
    return hmac.digest(_index_key(), value.upper().encode(), "sha256").hex()


def mask_id_number(value: str) -> str:
    """``310101199001011234`` → ``310101********1234``."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``; landlines keep the area code and last 4 digits."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str) -> str:
    """``zhang.san@example.com`` → ``z***@example.com``."""
    if not value:
        return ""
    local, _at, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "*" * len(value)
