from flask import Flask

app = Flask(__name__)
ENVIRONMENT = "production"
DEBUG = ENVIRONMENT == "development"
VERBOSE = False

app.run(debug=DEBUG)
app.run(debug=VERBOSE)
