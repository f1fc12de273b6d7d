import defusedxml.ElementTree as ET
from flask import Flask, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    doc = ET.fromstring(request.data)
    return {"root": doc.tag}
