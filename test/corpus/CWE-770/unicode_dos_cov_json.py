import unicodedata

from flask import Flask, request

app = Flask(__name__)


@app.post("/profile")
def profile():
    return {"bio": unicodedata.normalize("NFKD", request.json["bio"])}  # expect: py/unicode-dos
