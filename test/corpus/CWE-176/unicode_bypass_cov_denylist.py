import unicodedata

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/docs")
def docs():
    page = request.args["page"]
    if ".." in page or "/" in page:
        abort(400)
    page = unicodedata.normalize("NFKD", page)  # expect: py/unicode-bypass-validation
    return {"page": page}
