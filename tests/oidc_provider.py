"""A small OpenID Connect provider for the tests: the authorization code flow with real RS256 ID
tokens and a JWKS endpoint, as Microsoft Entra ID answers. It signs in whoever `signs_in` names
(no login page) and can be told to issue a token for another audience or one already expired."""

import base64
import json
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Provider:
    CLIENT_ID = "collaborative-case-audit"
    CLIENT_SECRET = "test-client-secret"  # noqa: S105 - a test provider's

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.signs_in = ""  # the email of the person the provider says signed in
        self.subject = ""  # their subject (`sub`); the email when not set
        self.claims: dict = {}  # more claims in the ID token and user info (email_verified, oid)
        self.user_info: dict[str, dict] = {}  # by access token
        self.audience = self.CLIENT_ID
        self.lifetime = 300  # seconds; negative for a token already expired
        self.codes: dict[str, dict] = {}
        self.token_requests = 0
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=_Quiet)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.issuer = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def settings(self) -> dict:
        return {
            "OIDC_RP_CLIENT_ID": self.CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": self.CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_OP_ISSUER": self.issuer,
        }

    def id_token(self, claims: dict) -> str:
        header = {"alg": "RS256", "typ": "JWT", "kid": "test-key"}
        signing_input = (
            f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
        )
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{b64url(signature)}"

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/authorize":
            code = secrets.token_urlsafe(16)
            self.codes[code] = {
                "nonce": query.get("nonce"), "email": self.signs_in,
                "sub": self.subject or self.signs_in, "claims": dict(self.claims),
            }  # fmt: skip
            location = (
                f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
            )
            start_response("302 Found", [("Location", location)])
            return [b""]
        if path == "/token":
            self.token_requests += 1
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {
                k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()
            }
            grant = self.codes.pop(form.get("code"), None)
            if grant is None or form.get("client_secret") != self.CLIENT_SECRET:
                return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
            now = int(time.time())
            claims = {
                "iss": self.issuer,
                "aud": self.audience,
                "sub": grant["sub"],
                "email": grant["email"],
                "nonce": grant["nonce"],
                "iat": now,
                "exp": now + self.lifetime,
                **grant["claims"],
            }
            access_token = f"at-{secrets.token_urlsafe(8)}"
            self.user_info[access_token] = {
                "sub": grant["sub"],
                "email": grant["email"],
                **grant["claims"],
            }
            return self._json(
                start_response,
                {"access_token": access_token, "token_type": "Bearer",
                 "id_token": self.id_token(claims)},
            )  # fmt: skip
        if path == "/userinfo":
            access_token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
            return self._json(start_response, self.user_info.get(access_token, {}))
        if path == "/jwks":
            numbers = self.key.public_key().public_numbers()
            jwk = {
                "kty": "RSA", "kid": "test-key", "use": "sig", "alg": "RS256",
                "n": b64url(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                "e": b64url(numbers.e.to_bytes(3, "big")),
            }  # fmt: skip
            return self._json(start_response, {"keys": [jwk]})
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    @staticmethod
    def _json(start_response, body, status="200 OK"):
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
