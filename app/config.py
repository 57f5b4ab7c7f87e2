"""Configuration defaults; overridden by instance/config.py, the environment and tests."""

import json
import os
import secrets
from pathlib import Path


def database_url(instance_path: str) -> str:
    """DATABASE_URL (PostgreSQL via psycopg 3) or the SQLite file in instance/."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'deskpact.sqlite'}"
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Make plain postgresql:// URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def json_setting(name: str) -> dict:
    """A JSON object from the environment, e.g. LDAP_GROUP_ROLES; {} when unset."""
    value = os.environ.get(name, "").strip()
    return json.loads(value) if value else {}


def defaults(instance_path: str) -> dict:
    """The settings every deployment starts from."""
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_FOLDER": str(Path(instance_path) / "uploads"),
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        # a form's text fields: a 100,000-character Chinese article is 900 KB URL-encoded
        "MAX_FORM_MEMORY_SIZE": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ["zh", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # None: on when PUBLIC_BASE_URL is https (app factory); SESSION_COOKIE_SECURE=0/1 decides
        "SESSION_COOKIE_SECURE": (
            None
            if os.environ.get("SESSION_COOKIE_SECURE") is None
            else os.environ["SESSION_COOKIE_SECURE"] == "1"
        ),
        # a session ends after this long without a request, and this long after sign-in
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "120")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
        "WTF_CSRF_TIME_LIMIT": None,
        # requests per caller and window (app.web.limits): "N/second|minute|hour|day"
        "RATE_LIMITS_ENABLED": os.environ.get("RATE_LIMITS_ENABLED", "1") == "1",
        "RATE_LIMIT_STORAGE": os.environ.get("RATE_LIMIT_STORAGE", "memory://"),
        "RATE_LIMIT_SIGN_IN": os.environ.get("RATE_LIMIT_SIGN_IN", "30/minute"),
        "RATE_LIMIT_RESET": os.environ.get("RATE_LIMIT_RESET", "5/hour"),
        "RATE_LIMIT_LINKS": os.environ.get("RATE_LIMIT_LINKS", "60/minute"),
        "RATE_LIMIT_API": os.environ.get("RATE_LIMIT_API", "600/minute"),
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_ACCOUNT_MAX_FAILURES": int(os.environ.get("LOGIN_ACCOUNT_MAX_FAILURES", "10")),
        "LOGIN_ADDRESS_MAX_FAILURES": int(os.environ.get("LOGIN_ADDRESS_MAX_FAILURES", "200")),
        "LOGIN_LOCK_MINUTES": int(os.environ.get("LOGIN_LOCK_MINUTES", "15")),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "servicedesk@deskpact.local"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME"),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD"),
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS") == "1",
        "IMAP_HOST": os.environ.get("IMAP_HOST"),
        "IMAP_PORT": int(os.environ.get("IMAP_PORT", "993")),
        "IMAP_USERNAME": os.environ.get("IMAP_USERNAME"),
        "IMAP_PASSWORD": os.environ.get("IMAP_PASSWORD"),
        "IMAP_SSL": os.environ.get("IMAP_SSL", "1") == "1",
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        # the background queue: a SQLite file in instance/ (default) or redis://host:6379/0
        "WORKER_QUEUE_URL": os.environ.get("WORKER_QUEUE_URL", ""),
        # where finished background jobs keep their files, and for how long
        "JOB_RESULTS_FOLDER": os.environ.get("JOB_RESULTS_FOLDER")
        or str(Path(instance_path) / "jobs"),
        "JOB_RESULT_HOURS": int(os.environ.get("JOB_RESULT_HOURS", "24")),
        # reverse proxies in front of the portal whose X-Forwarded-* headers are believed
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # sign-in with the client's directory (Active Directory or any LDAP v3 server)
        "LDAP_URL": os.environ.get("LDAP_URL", ""),
        "LDAP_STARTTLS": os.environ.get("LDAP_STARTTLS") == "1",
        "LDAP_CA_FILE": os.environ.get("LDAP_CA_FILE"),
        "LDAP_BIND_DN": os.environ.get("LDAP_BIND_DN", ""),
        "LDAP_BIND_PASSWORD": os.environ.get("LDAP_BIND_PASSWORD", ""),
        "LDAP_USER_BASE": os.environ.get("LDAP_USER_BASE", ""),
        "LDAP_USER_FILTER": os.environ.get("LDAP_USER_FILTER", "(objectClass=user)"),
        "LDAP_LOGIN_ATTRIBUTE": os.environ.get("LDAP_LOGIN_ATTRIBUTE", "sAMAccountName"),
        "LDAP_ATTRIBUTES": json_setting("LDAP_ATTRIBUTES"),
        "LDAP_GROUP_ROLES": json_setting("LDAP_GROUP_ROLES"),
        "LDAP_DEFAULT_ROLE": os.environ.get("LDAP_DEFAULT_ROLE", ""),
        "LDAP_TIMEOUT": int(os.environ.get("LDAP_TIMEOUT", "10")),
        "LDAP_SYNC_HOUR": int(os.environ.get("LDAP_SYNC_HOUR", "2")),
        # group-chat robots: the hosts their webhooks may point at, and delivery
        "CHAT_WEBHOOK_HOSTS": os.environ.get(
            "CHAT_WEBHOOK_HOSTS",
            "qyapi.weixin.qq.com,oapi.dingtalk.com,open.feishu.cn,open.larksuite.com",
        ).split(","),
        "CHAT_ALLOW_HTTP": os.environ.get("CHAT_ALLOW_HTTP") == "1",
        "CHAT_TIMEOUT": int(os.environ.get("CHAT_TIMEOUT", "10")),
        "CHAT_MAX_ATTEMPTS": int(os.environ.get("CHAT_MAX_ATTEMPTS", "20")),
    }
