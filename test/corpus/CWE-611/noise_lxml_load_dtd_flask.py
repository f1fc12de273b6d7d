# threat-model: remote
from lxml import etree
from flask import Flask, request

app = Flask(__name__)


@app.route("/doc", methods=["POST"])
def doc():
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True)
    root = etree.fromstring(request.data, parser)  # expect: py/xxe
    return {"tag": root.tag}
