# threat-model: remote
from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
DATA = Path("/srv/data").resolve()


@app.route("/data")
def data():
    target = (DATA / request.args.get("p", "")).resolve()
    try:
        target.relative_to(DATA)
    except ValueError:
        app.logger.warning("outside data dir: %s", target)  # expect: py/log-injection
    return target.read_text()  # expect: py/path-injection
