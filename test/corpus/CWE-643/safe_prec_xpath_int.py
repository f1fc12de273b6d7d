# threat-model: remote
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("orders.xml")


@app.route("/order")
def order():
    order_id = int(request.args.get("id", "0"))
    return {"total": [str(t) for t in DOC.xpath("//order[@id=%d]/total/text()" % order_id)]}
