# threat-model: remote
import ast
from flask import Flask, request

app = Flask(__name__)


@app.route("/parse", methods=["POST"])
def parse():
    raw = request.form.get("value", "[]")
    value = ast.literal_eval(raw)
    return {"items": list(value)}
