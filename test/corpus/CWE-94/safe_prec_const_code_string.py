# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
FORMULAS = {"area": "w * h", "perimeter": "2 * (w + h)"}


@app.route("/shape")
def shape():
    w = float(request.args.get("w", "1"))
    h = float(request.args.get("h", "1"))
    return {"area": eval(FORMULAS["area"], {"w": w, "h": h})}
