from flask import Flask, abort, redirect, request

app = Flask(__name__)


@app.route("/go")
def go():
    target = request.args.get("url", "")
    if "example.com" in target:  # expect: py/incomplete-url-substring-sanitization
        return redirect(target)  # expect: py/url-redirection
    abort(400)
