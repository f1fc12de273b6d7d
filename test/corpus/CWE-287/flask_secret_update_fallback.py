import os

from flask import Flask

app = Flask(__name__)
app.config.update(SECRET_KEY=os.environ.get("SECRET_KEY", "fallback-key"), DEBUG=False)  # expect: py/flask-constant-secret-key
