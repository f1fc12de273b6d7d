import html
import unicodedata

from flask import Flask, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    safe = html.escape(request.args.get("name", ""))
    shown = unicodedata.normalize("NFKC", safe)  # expect: py/unicode-bypass-validation
    return f"<p>Hello {shown}</p>"
