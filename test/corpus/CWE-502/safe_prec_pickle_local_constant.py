import pickle

DEFAULTS = pickle.dumps({"retries": 3, "timeout": 10})


def default_settings():
    return pickle.loads(DEFAULTS)
