"""Two-factor sign-in for local accounts (django-otp): a time-based one-time code from an
authenticator app, enrolled by QR code, with ten single-use recovery codes.

With REQUIRE_TWO_FACTOR on (the default when DEBUG is off; `make run` leaves it off so the demo
stays two commands), a person who signed in with a password reaches nothing but these pages until
they have entered a code. Council single sign-on is exempt: the council's own sign-in asks for its
second factor.
"""

import base64
import io
from urllib.parse import quote

from crispy_forms_gds.layout import Field, Fluid
from django import forms
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from ..forms import form_helper
from . import oidc

RECOVERY_CODES = 10
# Pages a signed-in person may reach before their code: these, signing out, and public pages.
OPEN_BEFORE_CODE = {
    "two-factor",
    "two-factor-setup",
    "sign-out",
    "signed-out",
    "keep-alive",
    "accessibility",
    "healthz",
}


def needs_code(request: HttpRequest) -> bool:
    user = request.user
    return (
        settings.REQUIRE_TWO_FACTOR
        and user.is_authenticated
        and not user.is_verified()
        and request.session.get(BACKEND_SESSION_KEY) != oidc.BACKEND
    )


class TwoFactorMiddleware:
    """Sends a password-signed-in person to enter (or first set up) their code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_code(request):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in OPEN_BEFORE_CODE:
                page = "two-factor" if user_has_device(request.user) else "two-factor-setup"
                return redirect(f"{reverse(page)}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, hint: str, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
        self.fields["code"].widget.attrs.update(
            autocomplete="one-time-code", spellcheck="false", inputmode="text"
        )
        self.helper = form_helper(Field.text("code", field_width=Fluid.ONE_THIRD), submit=submit)

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("home")
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else reverse("home")


def _qr_code(device: TOTPDevice) -> str:
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code, enter a code to prove it works."""
    if user_has_device(request.user) and request.user.is_verified():
        return redirect(_next(request))
    if user_has_device(request.user):
        return redirect(f"{reverse('two-factor')}?next={quote(_next(request))}")
    if not settings.REQUIRE_TWO_FACTOR:  # nothing to set up: keep no half-made device
        return redirect(_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        hint="The 6 digits your app shows for Collaborative Case Audit now.",
        submit="Continue",
    )
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = _confirm(request, device)
            return render(
                request,
                "people/two_factor/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("code", "The code is not right: enter the 6 digits your app shows now")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "people/two_factor/setup.html",
        {
            "form": form,
            "qr_code": _qr_code(device),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
        },
    )


@transaction.atomic
def _confirm(request: HttpRequest, device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save()
    StaticDevice.objects.filter(user=request.user).delete()
    recovery = StaticDevice.objects.create(user=request.user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    _verified(request, device)
    return codes


def _verified(request: HttpRequest, device) -> None:
    """The code is right: mark the session verified under a new session id (as signing in does),
    so an id seen before the code cannot ride on the verified session."""
    otp_login(request, device)
    request.session.cycle_key()


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the code from the app (or a recovery code, once each)."""
    if not user_has_device(request.user):
        return redirect(f"{reverse('two-factor-setup')}?next={quote(_next(request))}")
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        hint="The 6 digits your authenticator app shows now. Lost your phone? Enter one of your "
        "recovery codes instead.",
        submit="Continue",
    )
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            "The code is not right, or has been used: enter the 6 digits your app shows now",
        )
    return render(request, "people/two_factor/verify.html", {"form": form, "next": _next(request)})
