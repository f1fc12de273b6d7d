# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/status")
def status():
    endpoints = ["https://status.example.com/api/v1", request.args.get("url", "")]
    return requests.get(endpoints[-1], timeout=3).json()  # expect: py/full-ssrf
