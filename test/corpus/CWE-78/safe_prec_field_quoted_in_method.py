# threat-model: remote
import shlex
import subprocess
from flask import Flask, request

app = Flask(__name__)


class Pinger:
    def __init__(self):
        self.host = "localhost"

    def configure(self):
        self.host = shlex.quote(request.args.get("host", "localhost"))

    def ping(self):
        return subprocess.check_output("ping -c 1 " + self.host, shell=True)
