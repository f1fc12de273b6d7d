import os
from flask import Flask

app = Flask(__name__)
DEBUG = True
DEBUG = os.environ.get("APP_DEBUG") == "1"

app.run(debug=DEBUG)
