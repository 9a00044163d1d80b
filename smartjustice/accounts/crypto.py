"""Encryption at rest and keyed hashing for sensitive personal data.

ID numbers are sensitive personal information (《个人信息保护法》第二十八条); they are
stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256) and found again through an
HMAC-SHA256 of the normalised value, so equality search works without decrypting.
Keys come from settings.FIELD_ENCRYPTION_KEY / FIELD_HASH_KEY through HKDF.
"""
import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"smartjustice", info=purpose).derive(
        secret.encode()
    )


@functools.cache
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"field-encryption-v1")))


@functools.cache
def _hash_key(secret: str) -> bytes:
    return _derive(secret, b"field-hash-v1")


def encrypt(plaintext: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("stored value cannot be decrypted with the configured key") from exc


def keyed_hash(value: str) -> str:
    return hmac.new(_hash_key(settings.FIELD_HASH_KEY), value.encode(), hashlib.sha256).hexdigest()
