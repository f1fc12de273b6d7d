# threat-model: remote
from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/download")
def download():
    resp = Response("data")
    name = request.args.get("name", "file.txt")
    resp.headers.extend({"Content-Disposition": "attachment; filename=" + name})  # expect: py/http-response-splitting
    return resp
