# threat-model: remote
from flask import Flask, request

from .models import current_user

app = Flask(__name__)


@app.route("/greeting")
def greeting():
    pattern = request.args.get("pattern", "Hello {user.name}")
    return {"text": pattern.format(user=current_user())}  # expect: seclsp/format-string-injection
