import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/grep")
def grep():
    needle = re.escape(request.args["q"])
    return {"hit": bool(re.search(needle, "some text"))}
