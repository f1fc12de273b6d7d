# threat-model: remote
import io
import xml.sax
from flask import Flask, request

app = Flask(__name__)


class Counter(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        self.count += 1


@app.route("/elements", methods=["POST"])
def elements():
    handler = Counter()
    xml.sax.parse(io.BytesIO(request.data), handler)  # expect: py/xml-bomb
    return {"elements": handler.count}
