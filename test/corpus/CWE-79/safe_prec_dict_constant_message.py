# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
MESSAGES = {"ok": "<p>Saved.</p>", "error": "<p>Something went wrong.</p>"}


@app.route("/flash")
def flash():
    code = request.args.get("code", "ok")
    return MESSAGES.get(code, "<p>Unknown status.</p>")
