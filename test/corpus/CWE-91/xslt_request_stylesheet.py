# threat-model: remote
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/render", methods=["POST"])
def render():
    style = etree.fromstring(request.form["xsl"])  # expect: py/xxe
    transform = etree.XSLT(style)  # expect: py/xslt-injection
    doc = etree.fromstring(b"<items/>")
    transform(doc).write_output("/srv/out/render.html")
    return "rendered"
