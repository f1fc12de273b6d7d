DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]

MIDDLEWARE = (  # expect: py/csrf-protection-disabled
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
)
