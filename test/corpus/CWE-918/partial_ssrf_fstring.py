# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/repo")
def repo():
    name = request.args.get("name")
    data = requests.get(f"https://api.github.com/repos/{name}", timeout=5)  # expect: py/partial-ssrf
    return {"stars": data.json()["stargazers_count"]}
