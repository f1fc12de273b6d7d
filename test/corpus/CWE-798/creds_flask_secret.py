from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev-secret-key-123"  # expect: py/hardcoded-credentials, py/flask-constant-secret-key
