# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/list")
def listing():
    page = int(request.args.get("page", "1"))
    return "<span>Page " + str(page) + "</span>"
