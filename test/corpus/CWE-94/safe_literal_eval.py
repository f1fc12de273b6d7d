import ast
from flask import Flask, request

app = Flask(__name__)


@app.route("/parse")
def parse():
    data = ast.literal_eval(request.args["value"])
    return {"value": data}
