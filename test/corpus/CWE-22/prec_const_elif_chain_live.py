# threat-model: remote
from flask import Flask, request, send_file

app = Flask(__name__)
MODE = "dev"


@app.route("/asset")
def asset():
    requested = request.args.get("path", "")
    if MODE == "static":
        path = "static/index.html"
    elif MODE == "dev":
        path = requested
    else:
        path = "static/404.html"
    return send_file(path)  # expect: py/path-injection
