# threat-model: remote
import xml.etree.ElementTree as ET
from flask import Flask, request

app = Flask(__name__)


@app.route("/count", methods=["POST"])
def count_items():
    # expat does not fetch external entities (no XXE), but it expands internal ones.
    root = ET.fromstring(request.get_data())  # expect: py/xml-bomb
    return {"items": len(root.findall("item"))}
