# threat-model: remote
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("catalog.xml")


@app.route("/book")
def book():
    title = request.args.get("title", "")
    query = "//book[@featured='yes']/title/text()"
    if 10 % 3 == 2:
        query = "//book[title='" + title + "']/price/text()"
    return {"result": [str(x) for x in DOC.xpath(query)]}
