# threat-model: remote
from flask import Flask, redirect, request

app = Flask(__name__)
ENVIRONMENT = "production"


@app.route("/go")
def go():
    target = "/dashboard"
    if ENVIRONMENT == "development":
        target = request.args.get("next", "/")
    return redirect(target)
