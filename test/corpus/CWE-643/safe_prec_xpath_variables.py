# threat-model: remote
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("inventory.xml")


@app.route("/item")
def item():
    sku = request.args.get("sku", "")
    found = DOC.xpath("//item[@sku=$sku]/name/text()", sku=sku)
    return {"names": [str(n) for n in found]}
