# threat-model: remote
import re
from flask import Flask, abort, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("staff.xml")


@app.route("/staff")
def staff():
    login = request.args.get("login", "")
    if not re.fullmatch(r"\w+", login):
        abort(400)
    return {"dept": [str(d) for d in DOC.xpath("//person[@login='" + login + "']/dept/text()")]}
