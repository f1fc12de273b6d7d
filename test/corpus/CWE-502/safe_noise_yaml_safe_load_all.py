import yaml


def read_documents(stream):
    return list(yaml.safe_load_all(stream))
