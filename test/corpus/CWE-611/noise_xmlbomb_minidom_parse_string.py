# threat-model: remote
from xml.dom import minidom
from flask import Flask, request

app = Flask(__name__)


@app.route("/title", methods=["POST"])
def title():
    document = minidom.parseString(request.data)  # expect: py/xml-bomb
    nodes = document.getElementsByTagName("title")
    return {"found": len(nodes)}
