#!/usr/bin/python3
"""Reference files for annotation-core's streaming encryption tests, written with pyca/cryptography.

Implements the encrypted file format documented in org.medannot.core.crypto.StreamingEncryption
independently of the Java code and writes, under annotation-core/src/test/resources/reference/:
  encrypted_reference.maenc  1000 plaintext bytes (byte n = (7 n + 3) mod 256) in chunks of 64 bytes
                             under key id "ref-key", with a fixed base nonce
  encrypted_empty.maenc      the empty plaintext under the same key, with another fixed nonce
  encrypted_reference.json   the key (hex), key id and SHA-256 of each plaintext

Run from the repository root:
    /usr/bin/python3 tools/reference/encrypted_file.py
Uses Debian's python3-cryptography (38.0.4 when generated).
"""
import hashlib
import hmac
import json
import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

OUT = Path("annotation-core/src/test/resources/reference")
KEY = bytes.fromhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
KEY_ID = "ref-key"
MAGIC = bytes([0x4D, 0x41, 0x45, 0x4E, 0x43, 0x0D, 0x0A, 0x1A])


def encrypt(plain, nonce, chunk_size):
    key_id = KEY_ID.encode("utf-8")
    key_check = hmac.new(KEY, b"medannot key check" + nonce, hashlib.sha256).digest()[:16]
    header = MAGIC + bytes([1, len(key_id)]) + key_id + nonce + struct.pack(">I", chunk_size) + key_check
    chunks = [plain[i:i + chunk_size] for i in range(0, len(plain), chunk_size)] or [b""]
    out = bytearray(header)
    aead = AESGCM(KEY)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        counter = int.from_bytes(nonce[4:], "big") ^ index
        chunk_nonce = nonce[:4] + counter.to_bytes(8, "big")
        associated = header + struct.pack(">Q", index) + bytes([1 if last else 0])
        out += aead.encrypt(chunk_nonce, chunk, associated)
    return bytes(out)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    plain = bytes((7 * n + 3) % 256 for n in range(1000))
    (OUT / "encrypted_reference.maenc").write_bytes(encrypt(plain, bytes(range(100, 112)), 64))
    (OUT / "encrypted_empty.maenc").write_bytes(encrypt(b"", bytes(range(200, 212)), 64))
    (OUT / "encrypted_reference.json").write_text(json.dumps({
        "keyHex": KEY.hex(),
        "keyId": KEY_ID,
        "plainSha256": hashlib.sha256(plain).hexdigest(),
        "emptySha256": hashlib.sha256(b"").hexdigest(),
    }, indent=2) + "\n")


if __name__ == "__main__":
    main()
