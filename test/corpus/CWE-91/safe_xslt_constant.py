from flask import Flask, request
from lxml import etree

app = Flask(__name__)
STYLESHEET = etree.parse("/srv/app/static/report.xsl")


@app.route("/render", methods=["POST"])
def render():
    transform = etree.XSLT(STYLESHEET)
    doc = etree.fromstring(b"<items/>")
    result = transform(doc, title=etree.XSLT.strparam(request.form["title"]))
    result.write_output("/srv/out/render.html")
    return "rendered"
