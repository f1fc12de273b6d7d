from flask import Flask, abort, request

app = Flask(__name__)
TRUSTED = {"10.0.0.5", "10.0.0.6"}


@app.route("/internal")
def internal():
    client_ip = request.headers.get("X-Forwarded-For", "").split(",")[0].strip()
    if client_ip not in TRUSTED:  # expect: py/ip-address-spoofing
        abort(403)
    return "secret stats"
