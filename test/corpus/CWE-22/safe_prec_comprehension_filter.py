# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
PUBLIC = {"terms.txt", "privacy.txt"}


@app.route("/bundle")
def bundle():
    wanted = request.args.getlist("f")
    texts = [open("/srv/legal/" + name).read() for name in wanted if name in PUBLIC]
    return {"texts": texts}
