from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


def secret_key_missing() -> bool:
    """True when DEBUG is off and no SECRET_KEY came from the environment."""
    try:
        return not settings.DEBUG and not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own refusal to read an empty SECRET_KEY
        return True


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    """With DEBUG off, a SECRET_KEY must come from the environment (SECRET_KEY or SECRET_KEY_FILE)."""
    if secret_key_missing():
        return [
            Error(
                "SECRET_KEY must be set when DEBUG is off",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) in the environment; see .env.example.",
                id="bexley_qa.E001",
            )
        ]
    return []
