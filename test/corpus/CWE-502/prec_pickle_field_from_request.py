# threat-model: remote
import base64
import pickle
from flask import Flask, request

app = Flask(__name__)


class Cart:
    def __init__(self):
        self.blob = b""

    def load(self):
        self.blob = base64.b64decode(request.cookies.get("cart", ""))

    def items(self):
        return pickle.loads(self.blob)  # expect: py/unsafe-deserialization
