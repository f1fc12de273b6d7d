# threat-model: remote
import http.client

from flask import Flask, request

app = Flask(__name__)
STATUS_HOST = "status.example.net"


@app.route("/probe")
def probe():
    service = request.args.get("service", "")
    conn = http.client.HTTPSConnection(STATUS_HOST, timeout=4)
    conn.request("GET", "/v2/" + service)  # expect: py/partial-ssrf
    return conn.getresponse().read()
