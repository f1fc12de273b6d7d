from flask import Flask


def create_app():
    application = Flask(__name__)
    return application


app = create_app()
app.run(debug=1)  # expect: py/flask-debug
