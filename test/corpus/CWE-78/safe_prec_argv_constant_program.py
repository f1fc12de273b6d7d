# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/resize", methods=["POST"])
def resize():
    width = request.form.get("width", "100")
    subprocess.run(["convert", "in.png", "-resize", width, "out.png"], check=True)
    return "ok"
