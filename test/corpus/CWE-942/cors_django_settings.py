INSTALLED_APPS = ["corsheaders"]
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True  # expect: py/cors-misconfiguration-with-credentials
