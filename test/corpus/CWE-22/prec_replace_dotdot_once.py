# threat-model: remote
from flask import Flask, request, send_file

app = Flask(__name__)


@app.route("/img")
def img():
    name = request.args.get("name", "").replace("../", "")
    return send_file("/srv/images/" + name)  # expect: py/path-injection
