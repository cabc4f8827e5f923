"""Personal data at rest: AES-GCM encryption, an HMAC blind index for exact look-up, masking.

The keys come from ``CIVICGRID_PII_KEY``: comma-separated keys (32 random bytes, url-safe
base64, as ``civicgrid pii new-key`` prints them), the first encrypts and all decrypt, so keys can
be rotated (decision 0016; ``civicgrid pii rotate`` re-encrypts stored values with the first).
The embedded default creates ``var/pii.key`` on first use and warns: losing that file loses every
encrypted ID number and phone.

A value is stored as ``g1$<key id>$<nonce ‖ ciphertext ‖ tag, base64>``: AES-256-GCM
with a fresh 12-byte random nonce, under a key derived (HKDF) from the configured key; the key id
is a 4-character fingerprint (HKDF again) naming which configured key encrypted it. Values written
before decision 0016 are Fernet tokens (``gAAAA…``) under the same configured keys; they still
decrypt until ``civicgrid pii rotate`` (or the migration ``core.0005``) has re-encrypted them.

The blind index is HMAC-SHA256 under a key derived from the *oldest* configured key, or from
``CIVICGRID_PII_INDEX_KEY`` when set (``civicgrid pii index-key`` prints it), so that retiring the
oldest key does not change a single index.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

log = logging.getLogger("civicgrid.pii")

PREFIX = "g1$"  # AES-256-GCM, format 1; Fernet tokens never hold "$"
NONCE = 12


class Undecryptable(ValueError):
    """No configured key opens this value (or it was tampered with)."""


def new_key() -> str:
    """A fresh key for ``CIVICGRID_PII_KEY`` (the same shape as a Fernet key)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def _derive(master: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(master)


def _load_keys() -> list[bytes]:
    configured = getattr(settings, "CIVICGRID_PII_KEY", "")
    if configured:
        return [k.strip().encode() for k in configured.split(",") if k.strip()]
    path = settings.CIVICGRID_PII_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(new_key().encode())
        path.chmod(0o600)
        log.warning(
            "CIVICGRID_PII_KEY is not set: created %s. Back it up; set CIVICGRID_PII_KEY in "
            "production.",
            path,
        )
    return [path.read_bytes().strip()]


@dataclass(frozen=True)
class Key:
    kid: str
    aead: AESGCM


@dataclass(frozen=True)
class Keyring:
    keys: list[Key]  # the first encrypts
    by_id: dict[str, AESGCM]
    fernet: MultiFernet  # values written before decision 0016


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    configured = _load_keys()
    keys = []
    for one in configured:
        master = base64.urlsafe_b64decode(one)
        kid = base64.urlsafe_b64encode(_derive(master, b"civicgrid-pii-key-id", 3)).decode()
        keys.append(Key(kid, AESGCM(_derive(master, b"civicgrid-pii-aes-gcm"))))
    return Keyring(
        keys=keys,
        by_id={k.kid: k.aead for k in reversed(keys)},
        fernet=MultiFernet([Fernet(k) for k in configured]),
    )


@lru_cache(maxsize=1)
def _index_key() -> bytes:
    configured = getattr(settings, "CIVICGRID_PII_INDEX_KEY", "")
    if configured:
        return base64.urlsafe_b64decode(configured)
    # derived from the *oldest* key, so adding keys in front keeps every index valid
    master = base64.urlsafe_b64decode(_load_keys()[-1])
    return _derive(master, b"civicgrid-blind-index")


def index_key() -> str:
    """The blind-index key in the form ``CIVICGRID_PII_INDEX_KEY`` takes."""
    return base64.urlsafe_b64encode(_index_key()).decode("ascii")


def reset_keys() -> None:
    """Forget cached keys (tests and key rotation)."""
    keyring.cache_clear()
    _index_key.cache_clear()


def current_prefix() -> str:
    """How every value encrypted with the current (first) key begins."""
    return f"{PREFIX}{keyring().keys[0].kid}$"


def encrypt(value: str) -> str:
    if not value:
        return ""
    key = keyring().keys[0]
    nonce = os.urandom(NONCE)
    sealed = key.aead.encrypt(nonce, value.encode(), None)
    return f"{PREFIX}{key.kid}${binascii.b2a_base64(nonce + sealed, newline=False).decode()}"


def open_value(token: str) -> str:
    """The plaintext of ``token``; ``Undecryptable`` if no configured key opens it."""
    if not token:
        return ""
    if token.startswith(PREFIX):
        kid, _sep, body = token[len(PREFIX) :].partition("$")
        aead = keyring().by_id.get(kid)
        if aead is None:
            raise Undecryptable(kid)
        try:
            raw = binascii.a2b_base64(body, strict_mode=True)
            return aead.decrypt(raw[:NONCE], raw[NONCE:], None).decode()
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise Undecryptable(kid) from exc
    try:
        return keyring().fernet.decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise Undecryptable("fernet") from exc


def decrypt(token: str) -> str:
    """The plaintext, or "" (logged) when no configured key opens it."""
    try:
        return open_value(token)
    except Undecryptable:
        log.error("a PII value could not be decrypted with the configured keys")
        return ""


def reencrypt(token: str) -> str | None:
    """``token`` under the current key, or None when it already is (never returns plaintext;
    ``Undecryptable`` when it cannot be opened)."""
    if not token or token.startswith(current_prefix()):
        return None
    return encrypt(open_value(token))


def to_fernet(token: str) -> str | None:
    """``token`` as a Fernet token under the first key, or None when it is one already: what
    undoing the migration to AES-GCM writes, for code from before decision 0016."""
    if not token or not token.startswith(PREFIX):
        return None
    return keyring().fernet.encrypt(open_value(token).encode()).decode("ascii")


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


def mask_name(value: str) -> str:
    """``王小明`` → ``王*明``, ``王明`` → ``王*``, ``欧阳小明`` → ``欧**明``: what a page shown
    outside the office says of a person's name."""
    value = value.strip()
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
