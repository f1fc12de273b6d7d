from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    return render_template_string("<p>{{ name }}</p>", name=request.args.get("name", ""))
