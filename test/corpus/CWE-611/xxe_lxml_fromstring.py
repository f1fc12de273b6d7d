# threat-model: remote
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    doc = etree.fromstring(request.data)  # expect: py/xxe
    return {"root": doc.tag}
