# threat-model: remote
import http.client

from flask import Flask, request

app = Flask(__name__)


@app.route("/fetch")
def fetch():
    host = request.args["host"]
    conn = http.client.HTTPConnection(host)  # expect: py/full-ssrf
    conn.request("GET", "/health")
    return conn.getresponse().read()
