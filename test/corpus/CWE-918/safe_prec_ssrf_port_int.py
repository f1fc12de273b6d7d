# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/health")
def health():
    port = int(request.args.get("port", "8080"))
    return requests.get("http://127.0.0.1:%d/health" % port, timeout=2).text
