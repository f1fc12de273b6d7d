# threat-model: remote
import requests
from flask import Flask, request

app = Flask(__name__)
API = "https://api.example.com/"


@app.route("/user")
def user():
    user_id = request.args["id"]
    reply = requests.get(API + "users/" + user_id, timeout=5)  # expect: py/partial-ssrf
    return {"name": reply.json().get("name")}
