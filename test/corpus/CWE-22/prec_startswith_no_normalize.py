# threat-model: remote
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/notes")
def notes():
    path = "/srv/notes/" + request.args.get("p", "")
    if not path.startswith("/srv/notes/"):
        abort(403)
    return open(path).read()  # expect: py/path-injection
