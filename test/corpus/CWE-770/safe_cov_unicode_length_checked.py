import unicodedata

from flask import Flask, abort, request

app = Flask(__name__)
MAX_QUERY = 256


@app.route("/search", methods=["POST"])
def search():
    query = request.form["q"]
    if len(query) > MAX_QUERY:
        abort(413)
    folded = unicodedata.normalize("NFKC", query)
    short = unicodedata.normalize("NFKC", request.form.get("tag", "")[:64])
    composed = unicodedata.normalize("NFC", request.form.get("note", ""))
    return {"query": folded, "tag": short, "note": composed}
