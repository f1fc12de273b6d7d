# threat-model: remote
from flask import Flask, abort, request

app = Flask(__name__)


def ensure_inside(path):
    if not path.startswith("/srv/data/"):
        abort(403)


@app.route("/data")
def data():
    path = "/srv/data/" + request.args.get("p", "")
    ensure_inside(path)
    return open(path).read()  # expect: py/path-injection
