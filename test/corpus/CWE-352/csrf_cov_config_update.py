from flask import Flask

app = Flask(__name__)
app.config.update(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False)  # expect: py/csrf-protection-disabled


class ProductionConfig:
    DEBUG = False
    WTF_CSRF_ENABLED = False  # expect: py/csrf-protection-disabled
