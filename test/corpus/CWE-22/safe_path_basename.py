import os
from flask import Flask, request, send_file
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route("/download")
def download():
    name = secure_filename(request.args["name"])
    return send_file(os.path.join("uploads", name))


@app.route("/raw")
def raw():
    name = os.path.basename(request.args["name"])
    with open(os.path.join("uploads", name), "rb") as handle:
        return handle.read()
