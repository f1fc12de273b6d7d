import http.client

from flask import Flask, request

app = Flask(__name__)


@app.route("/invoice")
def invoice():
    number = int(request.args.get("n", "0"))
    conn = http.client.HTTPSConnection("billing.example.com")
    conn.request("GET", "/invoices/%d" % number)
    return conn.getresponse().read()
