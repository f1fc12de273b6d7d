import tarfile
from flask import Flask, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    upload = request.files["bundle"]
    archive = tarfile.open(fileobj=upload.stream, mode="r:*")
    archive.extractall("/srv/bundles")  # expect: py/tarslip
    return "ok"
