# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/log")
def log():
    name = "app.log"
    while False:
        name = request.args["file"]
    with open("/var/log/myapp/" + name) as fh:
        return fh.read()
