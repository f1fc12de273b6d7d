from flask import Flask, make_response, request

app = Flask(__name__)


@app.after_request
def add_cors(response):
    if "partner.example.org" in request.headers.get("Origin", ""):  # expect: py/cors-bypass, py/incomplete-url-substring-sanitization
        response.headers.set("Access-Control-Allow-Origin", request.headers["Origin"])  # expect: py/http-response-splitting
    return response


@app.route("/ping")
def ping():
    return make_response("pong")
