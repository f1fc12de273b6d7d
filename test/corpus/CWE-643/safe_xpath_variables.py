from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("users.xml")


@app.route("/user")
def user():
    nodes = TREE.xpath("//user[@name=$name]", name=request.args["name"])
    return {"count": len(nodes)}
