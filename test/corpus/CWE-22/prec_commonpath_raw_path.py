# threat-model: remote
import os
from flask import Flask, abort, request

app = Flask(__name__)
ARCHIVE = "/data/archive"


@app.route("/archive")
def archive():
    # commonpath compares components: "a/../../etc" keeps ARCHIVE as its first component.
    target = os.path.join(ARCHIVE, request.args.get("p", ""))
    if os.path.commonpath([ARCHIVE, target]) != ARCHIVE:
        abort(400)
    return open(target).read()  # expect: py/path-injection
