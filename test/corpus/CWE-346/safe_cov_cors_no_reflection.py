from urllib.parse import urlparse

from flask import Flask, jsonify, request

app = Flask(__name__)
ALLOWED = {"https://app.example.com", "https://admin.example.com"}


@app.route("/api/status")
def status():
    resp = jsonify({"ok": True})
    host = urlparse(request.headers.get("Origin", "")).hostname or ""
    if host == "example.com":
        resp.headers["Access-Control-Allow-Origin"] = "https://example.com"
    return resp
