# threat-model: remote
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("users.xml")


@app.route("/user")
def user():
    name = request.args["name"]
    nodes = TREE.xpath("//user[@name='" + name + "']")  # expect: py/xpath-injection
    return {"count": len(nodes)}
