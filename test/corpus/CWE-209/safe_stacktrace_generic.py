from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/divide/<int:a>/<int:b>")
def divide(a, b):
    try:
        return {"result": a / b}
    except ZeroDivisionError:
        return jsonify({"error": "division by zero"}), 400
