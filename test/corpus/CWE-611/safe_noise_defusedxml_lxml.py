# threat-model: remote
import defusedxml.ElementTree as DET
from flask import Flask, request

app = Flask(__name__)


@app.route("/order", methods=["POST"])
def order():
    root = DET.fromstring(request.data)
    return {"id": root.get("id")}
