from flask import Flask, request
from lxml import etree

app = Flask(__name__)
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@app.route("/upload", methods=["POST"])
def upload():
    doc = etree.fromstring(request.data, SAFE_PARSER)
    other = etree.fromstring(request.data, parser=etree.XMLParser(resolve_entities=False))
    return {"root": doc.tag, "other": other.tag}
