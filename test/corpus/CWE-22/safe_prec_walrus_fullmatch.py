# threat-model: remote
import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/chapter")
def chapter():
    number = request.args.get("n", "")
    if not re.fullmatch(r"[0-9]{1,3}", number):
        return "bad chapter", 400
    with open("/srv/book/chapter-" + number + ".md") as fh:
        return {"text": fh.read()}
