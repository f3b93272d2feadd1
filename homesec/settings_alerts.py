"""Alert channels' settings: links, Web Push, retries, SMTP. Imported by homesec/settings.py."""

from .env import env_bool, env_int, env_str

# Where the household opens homesec: links in alerts point here.
PUBLIC_URL = env_str("HOMESEC_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
VAPID_SUBJECT = env_str("HOMESEC_VAPID_SUBJECT", "mailto:homesec@localhost")  # Web Push contact
ALERT_MAX_RETRIES = env_int("HOMESEC_ALERT_MAX_RETRIES", 5, lo=0, hi=20)
EMAIL_HOST = env_str("HOMESEC_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("HOMESEC_SMTP_PORT", 25, lo=1, hi=65535)
EMAIL_HOST_USER = env_str("HOMESEC_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("HOMESEC_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("HOMESEC_SMTP_STARTTLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("HOMESEC_SMTP_FROM", "homesec@localhost")
