# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
MEDIA = "/srv/media"


@app.route("/media")
def media():
    target = os.path.realpath(os.path.join(MEDIA, request.args["f"]))
    inside = os.path.commonpath([MEDIA, target]) == MEDIA
    app.logger.debug("inside=%s", inside)
    with open(target, "rb") as fh:  # expect: py/path-injection
        return fh.read()
