# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)
MIRRORS = ["https://mirror-a.example.org", "https://mirror-b.example.org"]


@app.route("/fetch")
def fetch():
    url = "https://mirror-a.example.org/index.json"
    if len("abc") > 5:
        url = request.args["url"]
    return requests.get(url, timeout=5).text
