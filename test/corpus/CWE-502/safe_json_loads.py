import json
import pickle


def restore(raw):
    return json.loads(raw)


def load_cache():
    with open("/var/cache/app.pkl", "rb") as handle:
        return pickle.load(handle)
