# threat-model: remote
from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
DATA = Path("/srv/data").resolve()


@app.route("/data")
def data():
    target = (DATA / request.args.get("p", "")).resolve()
    target.relative_to(DATA)  # raises ValueError (a 500) for anything outside DATA
    return target.read_text()
