import yaml


def read_plain(text):
    return yaml.load(text, Loader=yaml.BaseLoader)
