# threat-model: remote
import pickle
from flask import Flask, request

app = Flask(__name__)
CACHE_BLOB = pickle.dumps({"version": 1})


@app.route("/cache")
def cache():
    incoming, stored = request.get_data(), CACHE_BLOB
    incoming, stored = stored, stored
    return {"data": pickle.loads(incoming), "size": len(stored)}
