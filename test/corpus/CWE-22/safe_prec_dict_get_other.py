# threat-model: remote
from flask import Flask, request, send_file

app = Flask(__name__)


@app.route("/theme")
def theme():
    settings = {"css": "static/theme.css", "name": request.cookies.get("theme", "")}
    return send_file(settings.get("css"))
