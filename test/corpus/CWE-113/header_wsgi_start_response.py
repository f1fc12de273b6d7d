# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/legacy")
def legacy():
    def wsgi_app(environ, start_response):
        start_response("200 OK", [("X-Trace", request.headers["X-Trace"])])  # expect: py/http-response-splitting
        return [b"ok"]

    return wsgi_app
