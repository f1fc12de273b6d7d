import flask

SECRET = "s3cr3t-value"  # expect: py/hardcoded-credentials
web = flask.Flask(__name__)
web.config["SECRET_KEY"] = SECRET  # expect: py/flask-constant-secret-key, py/hardcoded-credentials
