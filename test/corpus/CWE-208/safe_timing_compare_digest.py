import hashlib
import hmac

from flask import Flask, request

app = Flask(__name__)
KEY = b"from-the-vault"


@app.route("/hook", methods=["POST"])
def hook():
    expected = hmac.new(KEY, request.get_data(), hashlib.sha256).hexdigest()
    token = request.headers.get("X-Auth-Token")
    if token is None or not hmac.compare_digest(expected, request.args.get("sig", "")):
        return "bad signature", 403
    if request.headers.get("Content-Type") == "application/json":
        return "json"
    return "ok"


def has_password(user):
    return user.password != "" and user.password is not None
