# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/status")
def status():
    endpoints = [request.args.get("url", ""), "https://status.example.com/api/v1"]
    return requests.get(endpoints[-1], timeout=3).json()
