# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/read")
def read():
    filename = request.args.get("file")
    with open("/var/data/" + filename) as handle:  # expect: py/path-injection
        return {"content": handle.read()}
