# threat-model: remote
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/page")
def page():
    name = request.args.get("name", "index")
    if ".." in name or "/" in name:
        abort(400)
    with open("/srv/pages/" + name + ".html") as fh:
        return fh.read()
