# threat-model: remote
import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/grep")
def grep():
    pattern = request.args["pattern"]
    matcher = re.compile(pattern)  # expect: py/regex-injection
    return {"hit": bool(matcher.search("some text"))}
