# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/avatar")
def avatar():
    host = request.args.get("host", "")
    return requests.get("https://" + host + "/avatar.png", timeout=5).content  # expect: py/full-ssrf
