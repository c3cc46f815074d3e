"""Settings for Collaborative Case Audit, read from environment variables only.

Every value has a safe default for the embedded set-up (`make run`): an embedded PostgreSQL, a Celery
broker on the local filesystem and emails printed to the console. Production sets DATABASE_URL,
REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and the EMAIL_* variables (see .env.example).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from bexley_qa import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state of the embedded set-up: PostgreSQL data folder, Celery broker folders, beat schedule.
STATE_DIR = Path(os.environ.get("STATE_DIR", BASE_DIR / ".state"))


def env(name: str, default: str | None = None) -> str | None:
    """The variable NAME, or the contents of the file named by NAME_FILE (for secrets)."""
    if name in os.environ:
        return os.environ[name]
    if f"{name}_FILE" in os.environ:
        return Path(os.environ[f"{name}_FILE"]).read_text().strip()
    return default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value in ("True", "true", "1"):
        return True
    if value in ("False", "false", "0"):
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Required when DEBUG is off: wsgi.py will not start the web server without it, and
# `check --deploy` reports it (bexley_qa/checks.py). Commands that only read settings
# (makemigrations --check, say) still work without it.
SECRET_KEY = env("SECRET_KEY") or (
    "insecure-development-key-only-used-with-DEBUG-on" if DEBUG else ""  # noqa: S105
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = (env("SITE_URL") or "http://localhost:8000").rstrip("/")
# The council's Signs of Safety Practice Framework and Expectations (on its intranet): linked from
# the auditors' hints and the self-assessment page. Empty: the pages name it without a link.
SOS_PRACTICE_FRAMEWORK_URL = env("SOS_PRACTICE_FRAMEWORK_URL") or ""

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # the children search's trigram index
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "pghistory",
    "oauth2_provider",
    "bexley_qa.people",
    "bexley_qa.notifications",
    "bexley_qa.imports",
    "audits",
    "sos",
    "moderation",
    "feedback",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Past saturation, a "service busy" page at once rather than an ever longer queue.
    "bexley_qa.middleware.ShedLoadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor codes (django-otp) for password sign-ins; required by TwoFactorMiddleware.
    "django_otp.middleware.OTPMiddleware",
    "bexley_qa.people.two_factor.TwoFactorMiddleware",
    # A request id and the user's id on each request's log lines (bexley_qa/logs.py).
    "bexley_qa.logs.RequestContextMiddleware",
    # The change history's context: who made each change, on which page (path only).
    "pghistory.middleware.HistoryMiddleware",
    # Who read which child's records, audits, PDFs and exports (bexley_qa/people/readlog.py).
    "bexley_qa.people.readlog.ReadLogMiddleware",
    # Signed-in responses: Cache-Control no-store (they may hold a child's details).
    "bexley_qa.middleware.NoStoreForSignedInMiddleware",
    # Everything but sign-in, static files and the health check needs a signed-in user.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A GOV.UK page for a 405 (bexley_qa/middleware.py); 400 and 413 are bexley_qa.views.bad_request.
    "bexley_qa.middleware.MethodNotAllowedPageMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Load shedding (bexley_qa/middleware.py): requests running at once in one process (gunicorn
# runs more threads than this, so the rest wait their turn), and how long one waits before it is
# answered "busy" instead.
SERVER_CONCURRENCY = env_int("SERVER_CONCURRENCY", 4)
SHED_AFTER_SECONDS = float(env("SHED_AFTER_SECONDS") or 1)

ROOT_URLCONF = "bexley_qa.urls"
WSGI_APPLICATION = "bexley_qa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # The project's own tags (the GOV.UK error summary), loaded as {% load govuk %}.
            "libraries": {
                "govuk": "bexley_qa.templatetags",
                # The audit form's own (its sections' headings, the framework's guidance).
                "audit_form": "audits.templatetags",
                # The dashboard's share cells, written in Python (a county's rows are many).
                "dashboard": "sos.templatetags",
            },
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bexley_qa.navigation.navigation",
                "bexley_qa.navigation.session_timeout",
            ],
        },
    },
    {
        # Plain text (an email's subject and text body): nothing HTML-escaped, so "O'Brien" is
        # not sent as "O&#x27;Brien". Used by name only (render_to_string(..., using="text")).
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"autoescape": False},
    },
]

# Without DATABASE_URL, the embedded PostgreSQL that `make run` starts (bexley_qa/embedded_db.py):
# the same engine as the tests and production, reached through a Unix socket under STATE_DIR.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or embedded_db.database_url(STATE_DIR),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# `make test` runs the tests in parallel (pytest-xdist): each worker has its own Redis database
# (the one given, then the one below it), as it has its own PostgreSQL test database, so no
# worker reads another's cache or takes another's Celery tasks.
if REDIS_URL and (_worker := os.environ.get("PYTEST_XDIST_WORKER", "")).startswith("gw"):
    _base, _db = REDIS_URL.rsplit("/", 1)
    REDIS_URL = f"{_base}/{int(_db) - int(_worker[2:])}"
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
# Sessions live in Redis when there is one: every signed-in request renews its session (the idle
# timeout, below), which with the database store was a row written per request. A Redis restart
# signs everyone out; nothing else is lost. `make run` without Redis keeps them in the database
# (and the six-hourly job clears the expired ones there).
SESSION_ENGINE = env(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends.cache"
    if REDIS_URL
    else "django.contrib.sessions.backends.db",
)

# Triggers on Django's own many-to-many tables (who manages a team or service) have no migration
# of their own: pgtrigger installs them after every migrate.
PGTRIGGER_INSTALL_ON_MIGRATE = True

AUTH_USER_MODEL = "people.User"
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed-out"
# django-axes first: it refuses a locked-out username or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Council single sign-on (OpenID Connect; bexley_qa/people/oidc.py), on when OIDC_RP_CLIENT_ID is
# set: the sign-in page then offers "Sign in with your council account". For Microsoft Entra ID the
# endpoints are https://login.microsoftonline.com/<tenant>/oauth2/v2.0/{authorize,token} and
# .../discovery/v2.0/keys, the user endpoint https://graph.microsoft.com/oidc/userinfo, and the
# issuer https://login.microsoftonline.com/<tenant>/v2.0.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
LOGIN_REDIRECT_URL_FAILURE = "/sign-in/?council-sign-in=failed"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("bexley_qa.people.oidc.CouncilSignOnBackend")

# Local (password) accounts need a code from an authenticator app too (bexley_qa/people/two_factor.py).
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "Collaborative Case Audit"

# Sign-in lockout: after AXES_FAILURE_LIMIT wrong attempts for one username, or from one address,
# that username (whether or not it exists) or address waits AXES_COOLOFF_MINUTES. Behind a proxy,
# AXES_IPWARE_PROXY_COUNT says how many proxies' X-Forwarded-For entries to skip.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
if env("AXES_IPWARE_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): Django's default (100 MiB,
# 8 lanes) cost 283 ms of CPU per sign-in, and a burst of sign-ins stalled every page. Existing
# hashes are rehashed with these parameters at their next sign-in.
PASSWORD_HASHERS = [
    "bexley_qa.people.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after SESSION_IDLE_MINUTES without a request, and when the browser closes.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# Two minutes before that, a dialog offers "Stay signed in" (the GOV.UK/HMRC timeout pattern).
SESSION_TIMEOUT_WARNING_SECONDS = 120
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: GOV.UK Frontend, htmx and our own code are static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

STATIC_URL = "/static/"
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
# Collected files exist only where `collectstatic` ran (the Docker image); elsewhere the finders serve.
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "staticfiles") if STATIC_MANIFEST else None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed file names need `collectstatic`; the Docker image runs it.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
# crispy-forms-gds styles a widget by its class name: our faster select is still a GOV.UK select.
CRISPY_CLASS_CONVERTERS = {"filterselect": "govuk-select"}
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

email_host = env("EMAIL_HOST")
if email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env("EMAIL_HOST_USER", ""),
                "password": env("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            },
        }
    }
elif env("EMAIL_FILE_PATH"):
    # One file per email in that folder (the worker tests read them).
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env("EMAIL_FILE_PATH")},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "bexley_qa.notifications.console.EmailBackend"}}
if env("MAILER_BACKEND"):
    MAILERS["default"]["BACKEND"] = env("MAILER_BACKEND")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Collaborative Case Audit <qa@bexley.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write about the service (the accessibility statement's contact): the PSQA team.
PSQA_CONTACT_EMAIL = env("PSQA_CONTACT_EMAIL", "psqa@bexley.example.org")
ADMINS = [("Admins", address) for address in env_list("ADMINS")]

# Celery: Redis when REDIS_URL is set, otherwise a broker on the local filesystem so that
# `make run` needs no server. No task uses an ETA or countdown longer than a minute.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # The host is ignored by the filesystem transport; naming it keeps kombu from warning
    # "No hostname was supplied" on the console.
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(STATE_DIR / "broker"),
        "data_folder_out": str(STATE_DIR / "broker"),
        "processed_folder": str(STATE_DIR / "broker-processed"),
        # Exchange tables; kombu's default is ./control, in the working directory.
        "control_folder": str(STATE_DIR / "broker-control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_IMPORTS = ["bexley_qa.kept_pdfs"]  # the published reports' PDFs, drawn by the worker
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "dispatch-notifications": {
        "task": "bexley_qa.notifications.tasks.dispatch_notifications",
        "schedule": env_int("NOTIFICATION_DISPATCH_SECONDS", 60),
    },
    "audit-reminders-and-escalations": {
        "task": "audits.tasks.queue_audit_reminders",
        "schedule": crontab(minute="*/15"),
    },
    # Moderation: from the month's first working day, its sample is proposed (once); moderators
    # are reminded on their return date, PSQA told of overdue ones, actions still open 24 hours
    # after a moderation escalated (each email once).
    "moderation-jobs": {
        "task": "moderation.tasks.moderation_jobs",
        "schedule": crontab(minute="*/15"),
    },
    # Children's records past the retention schedule, listed for PSQA to confirm (nightly).
    "retention-review": {
        "task": "bexley_qa.people.tasks.retention_review",
        "schedule": crontab(minute=30, hour=2),
    },
    # The case system's exports (children, Signs of Safety measures) picked up each night, and
    # the monthly Case Management Dashboard report from each month's first working day (once).
    "case-system-exports": {
        "task": "bexley_qa.imports.tasks.import_case_system_exports",
        "schedule": crontab(minute=0, hour=1),
    },
    # Every team's dashboard charts drawn before the morning's first look (sos/charts.py).
    "draw-team-charts": {
        "task": "sos.tasks.draw_team_charts",
        "schedule": crontab(minute=50, hour=5),
    },
    "monthly-dashboard-report": {
        "task": "sos.tasks.monthly_dashboard_report",
        "schedule": crontab(minute=0, hour=6),
    },
    # Once a quarter has ended, its QA reports (the directorate's and each service's) are
    # drafted for PSQA to write and publish (once each).
    "quarterly-qa-reports": {
        "task": "reporting.tasks.draft_quarterly_qa_reports",
        "schedule": crontab(minute=30, hour=6),
    },
    # The directorate-wide figures kept counted (reporting/counted.py): those read in the last
    # two days counted again when their records have changed; those unread for 14 days dropped.
    "recount-figures": {
        "task": "reporting.counted.recount_figures",
        "schedule": crontab(minute="*/10"),
    },
    # ... and each morning, after the night's imports, those read most counted before anyone asks.
    "precount-figures": {
        "task": "reporting.counted.precount_figures",
        "schedule": crontab(minute=45, hour=5),
    },
    # From each month's first working day, last month's Director's overview for the senior
    # leadership team (once).
    "monthly-overview": {
        "task": "reporting.tasks.monthly_overview",
        "schedule": crontab(minute=15, hour=6),
    },
    # ... and a link to last month's themes reports to the managers who read them (once).
    "monthly-themes": {
        "task": "reporting.tasks.monthly_themes",
        "schedule": crontab(minute=20, hour=6),
    },
    # The parent/carer survey's rounds close on their own after their last day (once each).
    "survey-rounds-close": {
        "task": "feedback.tasks.close_survey_rounds",
        "schedule": crontab(minute=5, hour=0),
    },
    # A month before the next Practice Week is due (every six months), its leads are reminded.
    "practice-week-reminder": {
        "task": "audits.tasks.remind_to_schedule_practice_week",
        "schedule": crontab(minute=0, hour=7),
    },
    # On the 20th, managers with no audit allocated this month are reminded of the framework's
    # one a month (once each).
    "audit-expectation-reminder": {
        "task": "audits.tasks.remind_managers_to_audit",
        "schedule": crontab(minute=10, hour=7),
    },
    "clear-expired-sessions": {
        "task": "bexley_qa.people.tasks.clear_expired_sessions",
        "schedule": crontab(minute=17, hour="*/6"),
    },
    # The payload clients' expired tokens deleted.
    "clear-expired-tokens": {
        "task": "bexley_qa.imports.tasks.clear_expired_tokens",
        "schedule": crontab(minute=47, hour="*/6"),
    },
}
# The folder the case management system's nightly exports are put in (children_*.csv/.xlsx,
# measures_*.csv/.xlsx and the DfE children's payloads as *.json/*.jsonl); each new file is
# imported once.
CASE_SYSTEM_EXPORTS_DIR = Path(env("CASE_SYSTEM_EXPORTS_DIR", str(STATE_DIR / "exports")))
# The children's payload endpoint (bexley_qa/imports/api.py): the DfE Children's Social Care API's
# layout, so a council's payload client sends here unchanged. Its clients get tokens from
# /api/token/ (client credentials; django-oauth-toolkit keeps only a hash of each secret); a
# batch holds at most CSC_API_MAX_PAYLOADS payloads in CSC_API_MAX_BYTES, and each client may send
# CSC_API_REQUESTS_PER_MINUTE batches a minute (past it, 429 "rate limit exceeded").
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("CSC_API_TOKEN_SECONDS", 3600),
    "SCOPES": {"children_social_care_data": "Send children's social care payloads"},
    "DEFAULT_SCOPES": ["children_social_care_data"],
    "OAUTH2_VALIDATOR_CLASS": "bexley_qa.imports.api.PayloadClientValidator",
    # The OAuth 2.0 Security BCP (RFC 9700) throughout: tokens kept only as hashes and taken only
    # from the Authorization header; the grants no payload client uses, and plain http, refused.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# django-oauth-toolkit's own Application (named, as its models are swappable).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
# The council's local authority code (the DfE's, like 303): the one code its payload clients
# are made for and send to. Until it is set, no client can be made.
CSC_API_LA_CODE = env("CSC_API_LA_CODE", "")
CSC_API_MAX_PAYLOADS = 100
CSC_API_MAX_BYTES = env_int("CSC_API_MAX_BYTES", 10 * 1024 * 1024)
CSC_API_REQUESTS_PER_MINUTE = env_int("CSC_API_REQUESTS_PER_MINUTE", 120)
# Retention: a child's records are kept until this birthday and the case's closing, then reviewed.
RETENTION_YEARS = env_int("RETENTION_YEARS", 25)

# Moderation: the random share of the month's completed audits sampled beyond the Inadequate ones
# and those covering a team, band or auditor; and how long a moderator has (in working days).
MODERATION_SAMPLE_PERCENT = env_int("MODERATION_SAMPLE_PERCENT", 10)
MODERATION_RETURN_WORKING_DAYS = env_int("MODERATION_RETURN_WORKING_DAYS", 20)
MODERATION_OVERDUE_WORKING_DAYS = 5

CELERY_BEAT_SCHEDULE_FILENAME = str(STATE_DIR / "celerybeat-schedule")

# Logs never hold a child's name or date of birth (bexley_qa/logs.py): JSON lines with the request
# id and user id in production, the path without its query string in access lines, and error
# reports that hide what was typed or searched for.
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
DEFAULT_EXCEPTION_REPORTER_FILTER = "bexley_qa.logs.HideRequestDataFilter"
DEFAULT_EXCEPTION_REPORTER = "bexley_qa.logs.HideRequestDataReporter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "bexley_qa.logs.ContextFilter"},
        "no_query_string": {"()": "bexley_qa.logs.NoQueryStringFilter"},
        "no_traceback_for_refusals": {"()": "bexley_qa.logs.NoTracebackForRefusalsFilter"},
    },
    "formatters": {
        "json": {"()": "bexley_qa.logs.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user %(user_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": LOG_FORMAT,
        },
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["context", "no_query_string"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A refused request (403, 404) is a line, not a traceback (the user's doing, not a bug).
        "django.request": {"filters": ["no_traceback_for_refusals"]},
        # runserver's access lines, without the query string.
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # WeasyPrint says INFO for every page and stylesheet it draws: noise in production.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pgtrigger: a line per trigger (over 60) on every migrate.
        "pgtrigger": {"level": "WARNING"},
        # django-axes: a line per sign-in at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
        # Celery's "Task ... received" and "succeeded" lines: two per task, fifty when the demo is
        # seeded; on `make run`'s console (DEBUG) only failures, which Celery logs as errors.
        "celery.app.trace": {"level": "WARNING" if DEBUG else "INFO"},
        "celery.worker.strategy": {"level": "WARNING" if DEBUG else "INFO"},
        # runserver's "Watching for file changes", which Django's own handler prints already.
        "django.utils.autoreload": {"level": "WARNING"},
    },
}
