# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/weather")
def weather():
    city = request.args.get("city", "")
    return requests.get("https://api.weather.example.com/v2/" + city, timeout=5).json()  # expect: py/partial-ssrf
