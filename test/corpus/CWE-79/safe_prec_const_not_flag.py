# threat-model: remote
from flask import Flask, make_response, request

app = Flask(__name__)
ESCAPE_DISABLED = False


@app.route("/echo")
def echo():
    message = "nothing to see"
    if not not ESCAPE_DISABLED:
        message = request.args.get("m", "")
    return make_response("<div>" + message + "</div>")
