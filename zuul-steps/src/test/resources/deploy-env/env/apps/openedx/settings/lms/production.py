# -*- coding: utf-8 -*-
import os
from lms.envs.common import *  # noqa: F401,F403

# Load the common Tutor settings, then the values from the mounted YAML configuration
from openedx.core.lib.derived import derive_settings

LMS_BASE = "learn.acme.example.org"
CMS_BASE = "studio.learn.acme.example.org"
ALLOWED_HOSTS = [LMS_BASE, CMS_BASE, "lms"]
SESSION_COOKIE_DOMAIN = ".learn.acme.example.org"

# Secrets come from the mounted Secret "openedx-secrets", never from this ConfigMap.
SECRET_KEY = os.environ["OPENEDX_SECRET_KEY"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "HOST": "mysql",
        "PORT": 3306,
        "NAME": "openedx",
        "USER": "openedx",
        "PASSWORD": os.environ["OPENEDX_MYSQL_PASSWORD"],
        "ATOMIC_REQUESTS": True,
        "OPTIONS": {"init_command": "SET sql_mode='STRICT_TRANS_TABLES'", "charset": "utf8mb4"},
    }
}
CACHES["default"]["LOCATION"] = "redis://@redis:6379/1"
CONTENTSTORE["DOC_STORE_CONFIG"]["host"] = "mongodb"
MEILISEARCH_URL = "http://meilisearch:7700"

derive_settings(__name__)
