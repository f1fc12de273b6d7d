# threat-model: remote
from xml.etree import ElementTree
from flask import Flask, request

app = Flask(__name__)


@app.route("/feed", methods=["POST"])
def feed():
    upload = request.files["feed"]
    tree = ElementTree.parse(upload)  # expect: py/xml-bomb
    return {"root": tree.getroot().tag}
