from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/api/echo")
def api_echo():
    body = '{"echo": "%s"}' % request.args.get("value", "")
    return Response(body, mimetype="application/json")
