# threat-model: remote
from flask import Flask, redirect, request

app = Flask(__name__)
DESTINATIONS = {"home": "/", "account": "/account", "help": "https://help.example.com/"}


@app.route("/nav")
def nav():
    key = request.args.get("to", "home")
    if key not in DESTINATIONS:
        key = "home"
    return redirect(DESTINATIONS[key])
