# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
PLUGINS_ENABLED = 0


@app.route("/plugin", methods=["POST"])
def plugin():
    source = request.form.get("code", "")
    if PLUGINS_ENABLED > 0:
        exec(source)
    return "ok"
