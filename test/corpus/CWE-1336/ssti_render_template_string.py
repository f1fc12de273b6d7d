# threat-model: remote
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    template = request.args.get("template", "")
    return render_template_string(template)  # expect: py/template-injection
