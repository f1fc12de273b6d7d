# threat-model: remote
import html
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
DOC = etree.parse("staff.xml")


@app.route("/staff")
def staff():
    login = html.escape(request.args.get("login", ""), quote=False)
    query = "//person[@login='" + login + "']/dept/text()"
    return {"dept": [str(d) for d in DOC.xpath(query)]}  # expect: py/xpath-injection
