"""Council single sign-on through OpenID Connect (mozilla-django-oidc; Microsoft Entra ID in
practice). People are matched by email to the accounts PSQA keep; no account is ever created on
the fly. The ID token is checked beyond its signature: its issuer, its audience (this app's client
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
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

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
