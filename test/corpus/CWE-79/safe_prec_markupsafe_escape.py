# threat-model: remote
from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/profile/<username>")
def profile(username):
    bio = request.args.get("bio", "")
    return f"<h2>{escape(username)}</h2><p>{escape(bio)}</p>"
