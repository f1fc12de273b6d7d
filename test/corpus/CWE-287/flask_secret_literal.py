from flask import Flask

app = Flask(__name__)
app.secret_key = "dev-secret-change-me"  # expect: py/flask-constant-secret-key, py/hardcoded-credentials
