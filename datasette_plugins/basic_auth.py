"""HTTP basic auth in front of every page, for a private instance.

Off unless ``crackdown serve`` is given a user and a password (``--auth-user`` and
``CRACKDOWN_SERVE__AUTH_PASSWORD``); the plugin config then holds only a salted PBKDF2
hash. A verified ``Authorization`` header is remembered (by its SHA-256) so the slow
hash runs once per credential, not once per request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from datasette import hookimpl

PLUGIN = "crackdown-basic-auth"
REALM = "crackdown"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, iterations, salt, digest = encoded.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def _credentials(headers) -> tuple[str, str] | None:
    for key, value in headers:
        if key.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() != "basic":
                return None
            try:
                user, sep, password = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return (user, password) if sep else None
    return None


@hookimpl
def asgi_wrapper(datasette):
    config = datasette.plugin_config(PLUGIN) or {}
    username, password_hash = config.get("username"), config.get("password_hash")

    def wrap(app):
        if not (username and password_hash):
            return app
        verified: set[str] = set()

        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            creds = _credentials(scope.get("headers") or [])
            if creds:
                key = hashlib.sha256(f"{creds[0]}\0{creds[1]}".encode("utf-8")).hexdigest()
                if key in verified or (
                    hmac.compare_digest(creds[0], username) and verify_password(creds[1], password_hash)
                ):
                    verified.add(key)
                    return await app(scope, receive, send)
            await send({
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"www-authenticate", f'Basic realm="{REALM}", charset="UTF-8"'.encode()),
                    (b"cache-control", b"no-store"),
                ],
            })
            await send({"type": "http.response.body", "body": b"Authentication required.\n"})

        return guarded

    return wrap
