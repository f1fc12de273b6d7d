from flask import Flask, jsonify, request

app = Flask(__name__)
ALLOWED = {"https://app.example.com", "https://admin.example.com"}


@app.route("/api/profile")
def profile():
    resp = jsonify({"name": "ada"})
    origin = request.headers.get("Origin", "")
    if origin in ALLOWED:
        resp.headers["Access-Control-Allow-Origin"] = origin
    return resp
