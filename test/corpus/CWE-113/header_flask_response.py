# threat-model: remote
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/download")
def download():
    filename = request.args["name"]
    response = make_response("content")
    response.headers["Content-Disposition"] = "attachment; filename=" + filename  # expect: py/http-response-splitting
    return response
