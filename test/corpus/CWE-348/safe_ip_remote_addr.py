from flask import Flask, abort, request

app = Flask(__name__)
TRUSTED = {"10.0.0.5"}


@app.route("/internal")
def internal():
    if request.remote_addr not in TRUSTED:
        abort(403)
    forwarded = request.headers.get("X-Forwarded-For", "")
    hops = len(forwarded.split(","))
    if hops > 3:
        abort(400)
    return "stats"
