# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    response = requests.get(url, timeout=5)  # expect: py/full-ssrf
    return {"status": response.status_code}
