# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)
TOOLS = {"uptime", "df", "free"}


@app.route("/tool")
def tool():
    name = request.args.get("name", "")
    known = name in TOOLS
    if known:
        return "use /tool/run for known tools"
    return subprocess.check_output(name, shell=True)  # expect: py/command-line-injection
