import os
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    uploaded = request.files["document"]
    uploaded.save(os.path.join(UPLOAD_DIR, secure_filename(uploaded.filename)))
    return "saved"
