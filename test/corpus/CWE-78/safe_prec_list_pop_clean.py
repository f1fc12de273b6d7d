# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/stack")
def stack():
    queue = ["uptime", request.args.get("extra", "")]
    queue.pop()
    os.system(queue[0])
    return "ok"
