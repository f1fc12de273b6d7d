from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/profile")
def profile():
    resp = jsonify({"name": "ada"})
    origin = request.headers.get("Origin", "")
    if origin.endswith("example.com"):  # expect: py/cors-bypass, py/incomplete-url-substring-sanitization
        resp.headers["Access-Control-Allow-Origin"] = origin  # expect: py/http-response-splitting
        resp.headers["Access-Control-Allow-Credentials"] = "true"
    return resp
