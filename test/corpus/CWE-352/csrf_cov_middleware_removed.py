from .base import *  # noqa: F403

MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
MIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")  # expect: py/csrf-protection-disabled
