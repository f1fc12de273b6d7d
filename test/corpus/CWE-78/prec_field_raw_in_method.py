# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


class Pinger:
    def __init__(self):
        self.host = "localhost"

    def configure(self):
        self.host = request.args.get("host", "localhost")

    def ping(self):
        return subprocess.check_output("ping -c 1 " + self.host, shell=True)  # expect: py/command-line-injection
