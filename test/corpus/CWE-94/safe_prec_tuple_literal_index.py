# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/tpl")
def tpl():
    pair = (request.args.get("name", ""), "1 + 1")
    return {"value": eval(pair[1]), "name_len": len(pair[0])}
