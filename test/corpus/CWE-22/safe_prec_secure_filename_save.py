# threat-model: remote
import os
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    name = secure_filename(f.filename)
    with open(os.path.join(UPLOAD_DIR, name), "wb") as out:
        out.write(f.read())
    return "saved"
