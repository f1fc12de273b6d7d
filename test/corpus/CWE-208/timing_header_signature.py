from flask import Flask, request

app = Flask(__name__)


@app.route("/event", methods=["POST"])
def event():
    signature = request.headers["X-Signature"]
    return "ok" if signature == compute_signature(request.get_data()) else ("no", 403)  # expect: py/timing-attack-against-header-value


def compute_signature(body):
    return str(len(body))
