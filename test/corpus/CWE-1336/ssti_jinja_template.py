# threat-model: remote
from flask import Flask, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment(autoescape=True)


@app.route("/greet")
def greet():
    source = "Hello " + request.args["name"] + "!"
    template = env.from_string(source)  # expect: py/template-injection
    return template.render()
