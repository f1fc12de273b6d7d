# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
BRANCHES = {"main", "develop", "release"}


@app.route("/deploy")
def deploy():
    branch = request.args.get("branch")
    if not branch or branch not in BRANCHES:
        return "unknown branch", 400
    os.system("./deploy.sh " + branch)
    return "deploying"
