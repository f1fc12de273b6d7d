from flask import Flask

app = Flask(__name__)
DEBUG = True


@app.route("/")
def index():
    return "hi"


if __name__ == "__main__":
    app.run(debug=DEBUG)  # expect: py/flask-debug
