# threat-model: remote
import os
from flask import Flask, abort, request, send_file

app = Flask(__name__)
UPLOADS = "/var/app/uploads"


@app.route("/download")
def download():
    name = request.args.get("name", "")
    target = os.path.realpath(os.path.join(UPLOADS, name))
    if os.path.commonpath([UPLOADS, target]) != UPLOADS:
        abort(404)
    return send_file(target)
