from flask import Flask, request

from b import render

app = Flask(__name__)


@app.route("/note")
def note():
    return render(request.args.get("text", ""))
