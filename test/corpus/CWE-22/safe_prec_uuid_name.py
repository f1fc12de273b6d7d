# threat-model: remote
import uuid
from flask import Flask, request, send_file

app = Flask(__name__)


@app.route("/export")
def export():
    export_id = uuid.UUID(request.args.get("id", ""))
    return send_file(f"/srv/exports/{export_id}.csv")
