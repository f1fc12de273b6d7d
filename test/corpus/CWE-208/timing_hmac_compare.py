import hashlib
import hmac

from flask import Flask, request

app = Flask(__name__)
KEY = b"from-the-vault"


@app.route("/hook", methods=["POST"])
def hook():
    expected = hmac.new(KEY, request.get_data(), hashlib.sha256).hexdigest()
    if expected != request.args.get("sig", ""):  # expect: py/possible-timing-attack-against-hash
        return "bad signature", 403
    return "ok"
