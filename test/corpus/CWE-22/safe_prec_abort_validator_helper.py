# threat-model: remote
from flask import Flask, abort, request, send_file

app = Flask(__name__)
THEMES = {"light", "dark", "contrast"}


def require_theme(name):
    if name not in THEMES:
        abort(404)


@app.route("/theme.css")
def theme():
    name = request.args.get("name", "light")
    require_theme(name)
    return send_file("/srv/themes/" + name + ".css")
