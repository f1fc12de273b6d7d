# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    param = request.args.get("host", "")
    num = 86
    if 7 * 42 - num > 200:
        bar = "localhost"
    else:
        bar = param
    os.system("ping -c 1 " + bar)
    return "ok"
