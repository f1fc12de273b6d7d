import unicodedata

from flask import Flask, request

app = Flask(__name__)


@app.route("/search", methods=["POST"])
def search():
    query = request.form["q"]
    folded = unicodedata.normalize("NFKC", query).casefold()  # expect: py/unicode-dos
    return {"query": folded}
