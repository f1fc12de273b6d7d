# threat-model: remote
from lxml import etree
from flask import Flask, request

app = Flask(__name__)
HARDENED = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@app.route("/feed", methods=["POST"])
def feed():
    tree = etree.fromstring(request.data, parser=HARDENED)
    return {"entries": len(tree)}
