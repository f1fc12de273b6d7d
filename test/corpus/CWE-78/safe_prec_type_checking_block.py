# threat-model: remote
import os
from typing import TYPE_CHECKING

from flask import Flask, request

app = Flask(__name__)
LOCAL_ONLY = False


@app.route("/clean")
def clean():
    target = "/tmp/app-cache"
    if LOCAL_ONLY and request.args.get("dir"):
        target = request.args["dir"]
    os.system("rm -rf " + target)
    return "cleaned"
