# threat-model: remote
from defusedxml import minidom
from flask import Flask, request

app = Flask(__name__)


@app.route("/names", methods=["POST"])
def names():
    document = minidom.parseString(request.data)
    return {"names": len(document.getElementsByTagName("name"))}
