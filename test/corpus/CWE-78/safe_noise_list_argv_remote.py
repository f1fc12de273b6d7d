# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/lookup")
def lookup():
    name = request.args.get("name", "")
    out = subprocess.run(["host", "--", name], capture_output=True, text=True, check=False)
    return {"code": out.returncode}
