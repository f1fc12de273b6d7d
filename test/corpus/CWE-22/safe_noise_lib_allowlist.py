import os

TEMPLATES = {"welcome", "reset", "invoice"}
DIR = "/srv/templates"


def template_source(kind):
    if kind not in TEMPLATES:
        raise KeyError(kind)
    with open(os.path.join(DIR, kind + ".txt")) as f:
        return f.read()
