# -*- coding: utf-8 -*-
import os
from lms.envs.production import *

####### Settings common to LMS and CMS
import json
import os

from xmodule.modulestore.modulestore_settings import update_module_store_settings

# Re-bind the FEATURES proxy to this settings module, so that both flat feature
# settings and legacy FEATURES["..."] reads and writes resolve here.
try:
    from openedx.core.lib.features_setting_proxy import FeaturesProxy
    FEATURES = FeaturesProxy(globals())
except ImportError:
    pass

# Mongodb connection parameters: simply modify `mongodb_parameters` to affect all connections to MongoDb.
mongodb_parameters = {
    "db": "openedx",
    "host": "mongodb",
    "port": 27017,
    "user": None,
    "password": None,
    # Connection/Authentication
    "connect": False,
    "ssl": False,
    "authsource": "admin",
    "replicaSet": None,
    
}
DOC_STORE_CONFIG = mongodb_parameters
CONTENTSTORE = {
    "ENGINE": "xmodule.contentstore.mongo.MongoContentStore",
    "ADDITIONAL_OPTIONS": {},
    "DOC_STORE_CONFIG": DOC_STORE_CONFIG
}
# Load module store settings from config files
update_module_store_settings(MODULESTORE, doc_store_settings=DOC_STORE_CONFIG)
DATA_DIR = "/openedx/data/modulestore"

for store in MODULESTORE["default"]["OPTIONS"]["stores"]:
   store["OPTIONS"]["fs_root"] = DATA_DIR

# Behave like memcache when it comes to connection errors
DJANGO_REDIS_IGNORE_EXCEPTIONS = True

# Meilisearch connection parameters
MEILISEARCH_ENABLED = True
MEILISEARCH_URL = "http://meilisearch:7700"
MEILISEARCH_PUBLIC_URL = "https://meilisearch.learn.acme.example"
MEILISEARCH_INDEX_PREFIX = "tutor_"
MEILISEARCH_API_KEY = "aa8c0ecbf6dfe69599f7b2f06f6c093fae650dffbffbcff223e7dbfb25244f6d"
MEILISEARCH_MASTER_KEY = "v0SMxUWp7xbtbJLcYlK2vVeI"
SEARCH_ENGINE = "search.meilisearch.MeilisearchEngine"

# Common cache config
CACHES = {
    "default": {
        "KEY_PREFIX": "default",
        "VERSION": "1",
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://@redis:6379/1",
    },
    "general": {
        "KEY_PREFIX": "general",
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://@redis:6379/1",
    },
    "mongo_metadata_inheritance": {
        "KEY_PREFIX": "mongo_metadata_inheritance",
        "TIMEOUT": 300,
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://@redis:6379/1",
    },
    "configuration": {
        "KEY_PREFIX": "configuration",
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://@redis:6379/1",
    },
    "celery": {
        "KEY_PREFIX": "celery",
        "TIMEOUT": 7200,
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://@redis:6379/1",
    },
    "course_structure_cache": {
        "KEY_PREFIX": "course_structure",
        "TIMEOUT": 604800, # 1 week
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://@redis:6379/1",
    },
    "ora2-storage": {
        "KEY_PREFIX": "ora2-storage",
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://@redis:6379/1",
    }
}

# The default Django contrib site is the one associated to the LMS domain name. 1 is
# usually "example.com", so it's the next available integer.
SITE_ID = 2

# Contact addresses
CONTACT_MAILING_ADDRESS = "Acme Learning - https://learn.acme.example"
DEFAULT_FROM_EMAIL = ENV_TOKENS.get("DEFAULT_FROM_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
DEFAULT_FEEDBACK_EMAIL = ENV_TOKENS.get("DEFAULT_FEEDBACK_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
SERVER_EMAIL = ENV_TOKENS.get("SERVER_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
TECH_SUPPORT_EMAIL = ENV_TOKENS.get("TECH_SUPPORT_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
CONTACT_EMAIL = ENV_TOKENS.get("CONTACT_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
BUGS_EMAIL = ENV_TOKENS.get("BUGS_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
UNIVERSITY_EMAIL = ENV_TOKENS.get("UNIVERSITY_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
PRESS_EMAIL = ENV_TOKENS.get("PRESS_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
PAYMENT_SUPPORT_EMAIL = ENV_TOKENS.get("PAYMENT_SUPPORT_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
BULK_EMAIL_DEFAULT_FROM_EMAIL = ENV_TOKENS.get("BULK_EMAIL_DEFAULT_FROM_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
API_ACCESS_MANAGER_EMAIL = ENV_TOKENS.get("API_ACCESS_MANAGER_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])
API_ACCESS_FROM_EMAIL = ENV_TOKENS.get("API_ACCESS_FROM_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])

# Get rid completely of coursewarehistoryextended, as we do not use the CSMH database
INSTALLED_APPS.remove("lms.djangoapps.coursewarehistoryextended")
DATABASE_ROUTERS.remove(
    "openedx.core.lib.django_courseware_routers.StudentModuleHistoryExtendedRouter"
)

# Set uploaded media file path
MEDIA_ROOT = "/openedx/media/"

# Video settings
VIDEO_IMAGE_SETTINGS["STORAGE_KWARGS"]["location"] = MEDIA_ROOT
VIDEO_TRANSCRIPTS_SETTINGS["STORAGE_KWARGS"]["location"] = MEDIA_ROOT

GRADES_DOWNLOAD = {
    "STORAGE_TYPE": "",
    "STORAGE_KWARGS": {
        "base_url": "/media/grades/",
        "location": "/openedx/media/grades",
    },
}

# ORA2
ORA2_FILEUPLOAD_BACKEND = "filesystem"
ORA2_FILEUPLOAD_ROOT = "/openedx/data/ora2"
FILE_UPLOAD_STORAGE_BUCKET_NAME = "openedxuploads"
ORA2_FILEUPLOAD_CACHE_NAME = "ora2-storage"

# Change syslog-based loggers which don't work inside docker containers
LOGGING["handlers"]["local"] = {
    "class": "logging.handlers.WatchedFileHandler",
    "filename": os.path.join(LOG_DIR, "all.log"),
    "formatter": "standard",
}
LOGGING["handlers"]["tracking"] = {
    "level": "DEBUG",
    "class": "logging.handlers.WatchedFileHandler",
    "filename": os.path.join(LOG_DIR, "tracking.log"),
    "formatter": "standard",
}
LOGGING["loggers"]["tracking"]["handlers"] = ["console", "local", "tracking"]

# Silence some loggers (note: we must attempt to get rid of these when upgrading from one release to the next)
LOGGING["loggers"]["blockstore.apps.bundles.storage"] = {"handlers": ["console"], "level": "WARNING"}

# These warnings are visible in simple commands and init tasks
import warnings

# REMOVE-AFTER-V20: check if we can remove these lines after upgrade.
try:
    from django.utils.deprecation import RemovedInDjango50Warning, RemovedInDjango51Warning
    # RemovedInDjango5xWarning: 'xxx' is deprecated. Use 'yyy' in 'zzz' instead.
    warnings.filterwarnings("ignore", category=RemovedInDjango50Warning)
    warnings.filterwarnings("ignore", category=RemovedInDjango51Warning)
    # DeprecationWarning: 'imghdr' is deprecated and slated for removal in Python 3.13
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="pgpy.constants")
except ImportError:
    pass # If the warnings don't exist we don't need to filter them.

# Email
EMAIL_USE_SSL = False
# Forward all emails from edX's Automated Communication Engine (ACE) to django.
ACE_ENABLED_CHANNELS = ["django_email"]
ACE_CHANNEL_DEFAULT_EMAIL = "django_email"
ACE_CHANNEL_TRANSACTIONAL_EMAIL = "django_email"
EMAIL_FILE_PATH = "/tmp/openedx/emails"

# Language/locales
LANGUAGE_COOKIE_NAME = "openedx-language-preference"

# Allow the platform to include itself in an iframe
X_FRAME_OPTIONS = "SAMEORIGIN"


# Properly set the "secure" attribute on session/csrf cookies. This is required in
# Chrome to support samesite=none cookies.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "None"



JWT_AUTH["JWT_ISSUER"] = "https://learn.acme.example/oauth2"
JWT_AUTH["JWT_AUDIENCE"] = "openedx"
JWT_AUTH["JWT_SECRET_KEY"] = "v1tE7xqCEqSFwcHLQndz567q"
JWT_AUTH["JWT_PRIVATE_SIGNING_JWK"] = json.dumps(
    {
        "kid": "openedx",
        "kty": "RSA",
        "e": "AQAB",
        "d": "KGPp6Mj5-VUMXNwGnIdgRYDBzIk5E_4aMH71kmyUIDRsoheJLmPDFMuXf00pSvFYT9m44z7OLrp0bac3-8y08du0exq4Ba4Yg4y3NEVwVwUJgjiAx0Ug2x5LsUl-Cm36HrbNMm-SbceWYvK6LWp3pwwQcz5BJVUpYRJ3pbanhtz_LHpdkKuey_I4BCG4NnYDIDAW5KX9QJHePla8auqfvECsH_0F2Vu4kxW40Wr4AGd8Tk3kNZaAY4jlsRHcatwRZRIOthEo-Z1FPj2_ZgXXynAF-j5sNZW2AOjTHXTnSGvl-rqAKXKHmXazRhHGh35SJPtBuQ7_Dmy0UOgW4ZCJ8Q",
        "n": "ykwSe4H7J3E2kDJ3PHkoiPiIRY1EUrPC2np5cZL_fLHRSlQS0cmtzSVQpG6W6_V_uFsbMaD78Oikp-8M1agXmw97aI5VWQAuDDFvNCbT5CrRNQAKAzTsk8_ZLRR4g91Dr83VzeQeO94KGw9NQzdeWXth_AXMdZaF0zHOMU7jaDKTFhkvt2Cnf4Cg20iyeX6_uPOY5-AdiwJlsLEkvMfrAdG-fJcBLY1JUnsc6qIoxXbDa5inJiIG-EsgLgjWkUqbYEMPHhLyOY0Ck67XDqMcH79iOkT4K60otPeM2r18-DOfBH4PPQRVZcw517ZiL2YLq7L0eGkxNZawdpBZJdU1Mw",
        "p": "2COuBSDTbNtXcPVlP2KP2KmyJfhwc3L01yglBnvJlCBXjPoptRuyNC_1ykeI_0ZFk80g0GDTZvYSWjTqvvYEKyirl6kPmPQMfb7mBWFVp9Vg2UIoFy05WEaCGR2dLyuMV0LwXTmSyC-VOf9HLce4ya9BkbzanFI1JJcijLXH2Qs",
        "q": "75rgg0DRIL8ZymkhrVlKjN0lpXmpL4gdi2YnTsLDZhCtnuuQJP4BoC7IKBn0w54nLLpD568-gSKnZ890Q4i39ytp7M1FQqPRL4U8X5T6s1dOEsGFNPbS57h0ZShluTOZApBq_YNwl4-8UPbCG1t4twOsg9lW5iuFBY0iFqv4PXk",
        "dq": "DDq6dNiNE__NADDHgEKLdI8hCcYg5YUsBN5s6S81q_Lz-aWKUOkKCjP5EVrpzEY5N6Y2KxAdv5eWNc034O6MfTghCu4bN-CGn8dMIpDHDvpIyNpJwz9J2nvmrPcX4hEJIUFfxJq9126FrRg7JgxQJ_8vAffI4Kyd-H-QmtmiLPk",
        "dp": "ecmhBMK6X1w4qS2dH1oqM6tq9npG4sajr5ivRDf8HbsbmhRb6_DvOPjNRm2IhE7UZbPwCXqFpD6DmNC4dWGqd6czCQH6B_V8FF68vctauHdDWygr7uNMrLEOHZjSOQIQ0hql1eHbE3G8ZDGzqdggB4T5LWV8yRiJWVTP4vmK4oE",
        "qi": "Ig282QVvTS8LS48AbQ4GHcHd49dvbxtP50fqMVeCAAsJUF_MXd5_Q-g__NU1-JC5-9FyoVeJMbiV3vYM45gatsWKPoCWkUq1NWY9o5AVO1e9FKYiy8ZFi34WGjU30JWgGSjztn_2HJH7G280vfCioMdyVQXJUuTXeOZUXgys-zM",
    }
)
JWT_AUTH["JWT_PUBLIC_SIGNING_JWK_SET"] = json.dumps(
    {
        "keys": [
            {
                "kid": "openedx",
                "kty": "RSA",
                "e": "AQAB",
                "n": "ykwSe4H7J3E2kDJ3PHkoiPiIRY1EUrPC2np5cZL_fLHRSlQS0cmtzSVQpG6W6_V_uFsbMaD78Oikp-8M1agXmw97aI5VWQAuDDFvNCbT5CrRNQAKAzTsk8_ZLRR4g91Dr83VzeQeO94KGw9NQzdeWXth_AXMdZaF0zHOMU7jaDKTFhkvt2Cnf4Cg20iyeX6_uPOY5-AdiwJlsLEkvMfrAdG-fJcBLY1JUnsc6qIoxXbDa5inJiIG-EsgLgjWkUqbYEMPHhLyOY0Ck67XDqMcH79iOkT4K60otPeM2r18-DOfBH4PPQRVZcw517ZiL2YLq7L0eGkxNZawdpBZJdU1Mw",
            }
        ]
    }
)
JWT_AUTH["JWT_ISSUERS"] = [
    {
        "ISSUER": "https://learn.acme.example/oauth2",
        "AUDIENCE": "openedx",
        "SECRET_KEY": "v1tE7xqCEqSFwcHLQndz567q"
    }
]

# Enable/Disable some features globally
ENABLE_DISCUSSION_SERVICE = False
PREVENT_CONCURRENT_LOGINS = False
ENABLE_CORS_HEADERS = True

# CORS
CORS_ALLOW_CREDENTIALS = True
CORS_ORIGIN_ALLOW_ALL = False
CORS_ALLOW_INSECURE = False
# Note: CORS_ALLOW_HEADERS is intentionally not defined here, because it should
# be consistent across deployments, and is therefore set in edx-platform.

# Add your MFE and third-party app domains here
CORS_ORIGIN_WHITELIST = []

# Disable codejail support
# explicitely configuring python is necessary to prevent unsafe calls
import codejail.jail_code
codejail.jail_code.configure("python", "nonexistingpythonbinary", user=None)
# another configuration entry is required to override prod/dev settings
CODE_JAIL = {
    "python_bin": "nonexistingpythonbinary",
    "user": None,
}

OPENEDX_LEARNING = {
    'MEDIA': {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": "/openedx/media-private/openedx-learning",
        }
    }
}

# edx-event-bus-redis settings
EVENT_BUS_PRODUCER = 'edx_event_bus_redis.create_producer'
EVENT_BUS_REDIS_CONNECTION_URL = 'redis://@redis:6379/'
EVENT_BUS_TOPIC_PREFIX = 'dev'
EVENT_BUS_CONSUMER = 'edx_event_bus_redis.RedisEventConsumer'


######## End of settings common to LMS and CMS

######## Common LMS settings
LOGIN_REDIRECT_WHITELIST = ["studio.learn.acme.example"]

# Better layout of honor code/tos links during registration
REGISTRATION_EXTRA_FIELDS["terms_of_service"] = "hidden"
REGISTRATION_EXTRA_FIELDS["honor_code"] = "hidden"

# Fix media files paths
PROFILE_IMAGE_BACKEND["options"]["location"] = os.path.join(
    MEDIA_ROOT, "profile-images/"
)

COURSE_CATALOG_VISIBILITY_PERMISSION = "see_in_catalog"
COURSE_ABOUT_VISIBILITY_PERMISSION = "see_about_page"

# Allow insecure oauth2 for local interaction with local containers
OAUTH_ENFORCE_SECURE = False

# Email settings
DEFAULT_EMAIL_LOGO_URL = LMS_ROOT_URL + "/theming/asset/images/logo.png"
BULK_EMAIL_SEND_USING_EDX_ACE = True
ENABLE_FOOTER_MOBILE_APP_LINKS = False

# Branding
MOBILE_STORE_ACE_URLS = {}
SOCIAL_MEDIA_FOOTER_ACE_URLS = {}

# Make it possible to hide courses by default from the studio
SEARCH_SKIP_SHOW_IN_CATALOG_FILTERING = False

# Caching
CACHES["staticfiles"] = {
    "KEY_PREFIX": "staticfiles_lms",
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "staticfiles_lms",
}

# Enable search features
ENABLE_COURSE_DISCOVERY = True
ENABLE_COURSEWARE_SEARCH = True
ENABLE_DASHBOARD_SEARCH = True

# Create folders if necessary
for folder in [DATA_DIR, LOG_DIR, MEDIA_ROOT, STATIC_ROOT, ORA2_FILEUPLOAD_ROOT]:
    if not os.path.exists(folder):
        os.makedirs(folder, exist_ok=True)

# MFE: enable API and set a low cache timeout for the settings. otherwise, weird
# configuration bugs occur. Also, the view is not costly at all, and it's also cached on
# the frontend. (5 minutes, hardcoded)
ENABLE_MFE_CONFIG_API = True
MFE_CONFIG_API_CACHE_TIMEOUT = 1

# MFE-specific settings

FEATURES['ENABLE_AUTHN_MICROFRONTEND'] = True


ENABLE_CATALOG_MICROFRONTEND = True


FEATURES['ENABLE_NEW_BULK_EMAIL_EXPERIENCE'] = True


######## End of common LMS settings

ALLOWED_HOSTS = [
    ENV_TOKENS.get("LMS_BASE"),
    "lms",
]
CORS_ORIGIN_WHITELIST.append("https://learn.acme.example")

# CMS authentication
IDA_LOGOUT_URI_LIST.append("https://studio.learn.acme.example/logout/")

# Required to display all courses on start page
SEARCH_SKIP_ENROLLMENT_START_DATE_FILTERING = True

# Dynamic config API settings
# https://openedx.github.io/frontend-platform/module-Config.html
MFE_CONFIG = {
    "BASE_URL": "apps.learn.acme.example",
    "CSRF_TOKEN_API_PATH": "/csrf/api/v1/token",
    "CREDENTIALS_BASE_URL": "",
    "DISCOVERY_API_BASE_URL": "",
    "FAVICON_URL": "https://learn.acme.example/favicon.ico",
    "INFO_EMAIL": "learning@acme.example",
    "LANGUAGE_PREFERENCE_COOKIE_NAME": "openedx-language-preference",
    "LMS_BASE_URL": "https://learn.acme.example",
    "LOGIN_URL": "https://learn.acme.example/login",
    "LOGO_URL": "https://learn.acme.example/theming/asset/images/logo.png",
    "LOGO_WHITE_URL": "https://learn.acme.example/theming/asset/images/logo.png",
    "LOGO_TRADEMARK_URL": "https://learn.acme.example/theming/asset/images/logo.png",
    "LOGOUT_URL": "https://learn.acme.example/logout",
    "MARKETING_SITE_BASE_URL": "https://learn.acme.example",
    "PASSWORD_RESET_SUPPORT_LINK": "mailto:learning@acme.example",
    "REFRESH_ACCESS_TOKEN_ENDPOINT": "https://learn.acme.example/login_refresh",
    "SITE_NAME": "Acme Learning",
    "STUDIO_BASE_URL": "https://studio.learn.acme.example",
    "USER_INFO_COOKIE_NAME": "user-info",
    "ACCESS_TOKEN_COOKIE_NAME": "edx-jwt-cookie-header-payload",
}

FRONTEND_SITE_CONFIG = {
    "baseUrl": "https://apps.learn.acme.example",
    "cmsBaseUrl": "https://studio.learn.acme.example",
    "lmsBaseUrl": "https://learn.acme.example",
    "loginUrl": "https://learn.acme.example/login",
    "logoutUrl": "https://learn.acme.example/logout",
    "externalRoutes": [
        {"role": "org.openedx.frontend.role.logout", "url": "https://learn.acme.example/logout"},
    ],
    "commonAppConfig": {},
}

# MFE-specific settings


AUTHN_MICROFRONTEND_URL = "https://apps.learn.acme.example/authn"
AUTHN_MICROFRONTEND_DOMAIN  = "apps.learn.acme.example/authn"
MFE_CONFIG["DISABLE_ENTERPRISE_LOGIN"] = True
FRONTEND_SITE_CONFIG["commonAppConfig"]["DISABLE_ENTERPRISE_LOGIN"] = True



ACCOUNT_MICROFRONTEND_URL = "https://apps.learn.acme.example/account/"
MFE_CONFIG["ACCOUNT_SETTINGS_URL"] = ACCOUNT_MICROFRONTEND_URL
FRONTEND_SITE_CONFIG["externalRoutes"].append({"role": "org.openedx.frontend.role.account", "url": "https://apps.learn.acme.example/account/"})



COURSE_AUTHORING_MICROFRONTEND_URL = "https://apps.learn.acme.example/authoring"
MFE_CONFIG["COURSE_AUTHORING_MICROFRONTEND_URL"] = COURSE_AUTHORING_MICROFRONTEND_URL
MFE_CONFIG["ENABLE_ASSETS_PAGE"] = "true"
MFE_CONFIG["ENABLE_HOME_PAGE_COURSE_API_V2"] = "true"
MFE_CONFIG["ENABLE_PROGRESS_GRAPH_SETTINGS"] = "true"
MFE_CONFIG["ENABLE_TAGGING_TAXONOMY_PAGES"] = "true"
MFE_CONFIG["ENABLE_UNIT_PAGE"] = "true"
MFE_CONFIG["MEILISEARCH_ENABLED"] = "true"



DISCUSSIONS_MICROFRONTEND_URL = "https://apps.learn.acme.example/discussions"
MFE_CONFIG["DISCUSSIONS_MFE_BASE_URL"] = DISCUSSIONS_MICROFRONTEND_URL
DISCUSSIONS_MFE_FEEDBACK_URL = None



WRITABLE_GRADEBOOK_URL = "https://apps.learn.acme.example/gradebook"



LEARNER_HOME_MICROFRONTEND_URL = "https://apps.learn.acme.example/learner-dashboard/"



INSTRUCTOR_MICROFRONTEND_URL = "https://apps.learn.acme.example/instructor-dashboard"



LEARNING_MICROFRONTEND_URL = "https://apps.learn.acme.example/learning"
MFE_CONFIG["LEARNING_BASE_URL"] = "https://apps.learn.acme.example/learning"



ORA_GRADING_MICROFRONTEND_URL = "https://apps.learn.acme.example/ora-grading"



PROFILE_MICROFRONTEND_URL = "https://apps.learn.acme.example/profile/u/"
MFE_CONFIG["ACCOUNT_PROFILE_URL"] = "https://apps.learn.acme.example/profile"
FRONTEND_SITE_CONFIG["externalRoutes"].append({"role": "org.openedx.frontend.role.profile", "url": "https://apps.learn.acme.example/profile/"})



COMMUNICATIONS_MICROFRONTEND_URL = "https://apps.learn.acme.example/communications"
MFE_CONFIG["SCHEDULE_EMAIL_SECTION"] = True



ADMIN_CONSOLE_MICROFRONTEND_URL = "https://apps.learn.acme.example/admin-console"
MFE_CONFIG["ADMIN_CONSOLE_URL"] = ADMIN_CONSOLE_MICROFRONTEND_URL



CATALOG_MICROFRONTEND_URL = "https://apps.learn.acme.example/catalog"



NOTIFICATIONS_DEFAULT_FROM_EMAIL = ENV_TOKENS.get("NOTIFICATIONS_DEFAULT_FROM_EMAIL", ENV_TOKENS["CONTACT_EMAIL"])


LOGIN_REDIRECT_WHITELIST.append("apps.learn.acme.example")
CORS_ORIGIN_WHITELIST.append("https://apps.learn.acme.example")
CSRF_TRUSTED_ORIGINS.append("https://apps.learn.acme.example")


