import pickle

CACHE = "/var/cache/app/index.pickle"


def load_index():
    with open(CACHE, "rb") as f:
        return pickle.load(f)
