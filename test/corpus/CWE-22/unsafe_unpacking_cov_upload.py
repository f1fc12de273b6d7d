# threat-model: remote
import os
import shutil
import tempfile

from flask import Flask, request

app = Flask(__name__)


@app.route("/plugins", methods=["POST"])
def install_plugin():
    upload = request.files["bundle"]
    path = os.path.join(tempfile.mkdtemp(), "bundle.tar.gz")
    upload.save(path)
    shutil.unpack_archive(request.form["archive"], "/srv/plugins")  # expect: py/unsafe-unpacking
    return "installed"
