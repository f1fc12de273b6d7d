# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    uploaded = request.files["document"]
    uploaded.save(os.path.join(UPLOAD_DIR, uploaded.filename))  # expect: py/path-injection
    return "saved"
