import yaml


def parse_config(document):
    return yaml.load(document, Loader=yaml.Loader)  # expect: py/unsafe-deserialization
