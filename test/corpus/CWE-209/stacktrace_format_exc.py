import traceback
from flask import Flask

app = Flask(__name__)


@app.route("/job")
def job():
    try:
        run_job()
    except Exception:
        return traceback.format_exc(), 500  # expect: py/stack-trace-exposure
    return "ok"


def run_job():
    raise RuntimeError("boom")
