from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/feed")
def feed():
    origin = request.headers.get("Origin")
    headers = {}
    if origin and origin.endswith((".example.com", "example.net")):  # expect: py/cors-bypass
        headers = {"Access-Control-Allow-Origin": origin}
    return Response("[]", headers=headers)  # expect: py/http-response-splitting
