from flask import Flask

app = Flask(__name__)
ENVIRONMENT = "development"
DEBUG = ENVIRONMENT == "development"

app.run(debug=DEBUG)  # expect: py/flask-debug
