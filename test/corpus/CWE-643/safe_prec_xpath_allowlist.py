# threat-model: remote
from flask import Flask, abort, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("inventory.xml")
CATEGORIES = {"books", "music", "games"}


@app.route("/category")
def category():
    cat = request.args.get("c", "")
    if cat not in CATEGORIES:
        abort(404)
    return {"names": [str(n) for n in DOC.xpath("//item[@category='" + cat + "']/name/text()")]}
