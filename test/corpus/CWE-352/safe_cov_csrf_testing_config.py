from flask import Flask


class TestingConfig:
    TESTING = True
    WTF_CSRF_ENABLED = False


app = Flask(__name__)
app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
