from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/render")
def render():
    kind = request.args.get("kind", "text/plain")
    # The media type is chosen by the caller, so it can be text/html.
    return Response(request.args.get("body", ""), mimetype=kind)  # expect: py/reflective-xss
