"""Council single sign-on through OpenID Connect (mozilla-django-oidc; Microsoft Entra ID in
practice). At a person's first council sign-in they are matched by email to the account PSQA keep,
and the provider's own ID for them (Entra ID's `oid`, else the subject `sub`) is kept on the
account; from then on they are matched by that ID alone, so an email address given to someone else
later, or an account at the provider that merely claims the address, cannot borrow the account. An
email the provider says is not verified (`email_verified: false`) is refused. No account is ever
created on the fly. The ID token is checked beyond its signature: its issuer, its audience (this app's client
id) and its expiry, which the library leaves to us."""

import logging
import time

import jwt
import requests
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

log = logging.getLogger(__name__)
BACKEND = "bexley_qa.people.oidc.CouncilSignOnBackend"
# Seconds of difference allowed between the provider's clock and ours.
LEEWAY = 60


class CouncilSignOnBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the callback's own flow, which passes the nonce it stored with the state: never the
        # password form (whose URL could carry someone else's ?code=...&state=...).
        if "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            # A token that is not for us, expired or forged: refused, and logged without the token.
            log.warning("Council sign-in refused: %s", error)
        except requests.RequestException as error:
            log.warning("Council sign-in failed: the provider could not be reached (%s)", error)
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        self.id_claims = payload  # the verified ID token's claims (Entra ID's oid is only there)
        return super().get_or_create_user(access_token, id_token, payload)

    def verify_claims(self, claims):
        verified = claims.get("email_verified", self.id_claims.get("email_verified"))
        if verified is False or str(verified).lower() == "false":
            log.warning("Council sign-in refused: the provider has not verified the email address")
            return False
        return super().verify_claims(claims)

    def _sign_on_id(self, claims) -> str:
        found = self.id_claims.get("oid") or claims.get("oid") or claims.get("sub")
        return str(found or "")[:255]

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)  # signature (RS256 by JWKS) and nonce
        audiences = payload.get("aud")
        audiences = audiences if isinstance(audiences, list) else [audiences]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the ID token is for another application (audience)")
        if float(payload.get("exp", 0)) < time.time() - LEEWAY:  # PyJWT checks it too
            raise SuspiciousOperation("the ID token has expired")
        if settings.OIDC_OP_ISSUER and payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("the ID token is from another issuer")
        return payload

    def filter_users_by_claims(self, claims):
        active = self.UserModel.objects.filter(is_active=True)
        sign_on_id = self._sign_on_id(claims)
        if sign_on_id and (known := active.filter(sign_on_id=sign_on_id)).exists():
            return known
        email = (claims.get("email") or "").strip()
        if not email or not sign_on_id:
            return self.UserModel.objects.none()
        # First sign-in: by email, and only an account no one has signed in to yet.
        return active.filter(email__iexact=email, sign_on_id="")

    def update_user(self, user, claims):
        """Keep who the provider says this is, at the first sign-in (matched on from then on)."""
        if not user.sign_on_id:
            user.sign_on_id = self._sign_on_id(claims)
            user.save(update_fields=["sign_on_id"])
        return user

    def create_user(self, claims):  # never: PSQA add people (bexley_qa/people/manage.py)
        return None


_start = OIDCAuthenticationRequestView.as_view()
_callback = OIDCAuthenticationCallbackView.as_view()


# The sign-in views are reached before signing in, and exist only where sign-on is set up.
@login_not_required
def start(request):
    if not settings.OIDC_RP_CLIENT_ID:
        raise Http404("Council sign-in is not set up")
    return _start(request)


@login_not_required
def callback(request):
    if not settings.OIDC_RP_CLIENT_ID:
        raise Http404("Council sign-in is not set up")
    return _callback(request)
