"""Independent HPKE implementation (pyhpke) for the intake protocol interoperability test.

Reads one JSON request on stdin and writes one JSON answer on stdout. Binary values are
base64url without padding, as on the wire.

  {"op": "open", "private_key": ..., "enc": ..., "ciphertext": ..., "submission_id": ...}
      -> {"plaintext": ...}
  {"op": "seal", "public_key": ..., "plaintext": ..., "submission_id": ...}
      -> {"enc": ..., "ciphertext": ...}
  {"op": "check"} -> {"pyhpke": "<version>"}

A verification envelope names "verification_id" instead of "submission_id".

Suite: DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-128-GCM, base mode,
info = b"rc-onboard intake v1", aad = ASCII submission_id, or for a verification the ASCII
bytes of "verify:" + verification_id.
"""

import base64
import json
import sys

try:
    import pyhpke
    from pyhpke import AEADId, CipherSuite, KDFId, KEMId
except ImportError as error:  # pragma: no cover - reported to the Rust test
    sys.stderr.write(f"pyhpke is not importable: {error}\n")
    sys.exit(3)

INFO = b"rc-onboard intake v1"
SUITE = CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES128_GCM)


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def aad(request: dict) -> bytes:
    if "verification_id" in request:
        return b"verify:" + request["verification_id"].encode("ascii")
    return request["submission_id"].encode("ascii")


def main() -> None:
    request = json.load(sys.stdin)
    op = request["op"]
    if op == "check":
        answer = {"pyhpke": pyhpke.__version__}
    elif op == "open":
        skr = SUITE.kem.deserialize_private_key(b64d(request["private_key"]))
        context = SUITE.create_recipient_context(b64d(request["enc"]), skr, info=INFO)
        plaintext = context.open(b64d(request["ciphertext"]), aad=aad(request))
        answer = {"plaintext": b64e(plaintext)}
    elif op == "seal":
        pkr = SUITE.kem.deserialize_public_key(b64d(request["public_key"]))
        enc, context = SUITE.create_sender_context(pkr, info=INFO)
        ciphertext = context.seal(b64d(request["plaintext"]), aad=aad(request))
        answer = {"enc": b64e(enc), "ciphertext": b64e(ciphertext)}
    else:
        sys.stderr.write(f"unknown op {op!r}\n")
        sys.exit(2)
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
