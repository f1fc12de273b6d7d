import os

TEMPLATES = "/usr/share/myapp/templates"


def load_template(name):
    if os.path.isabs(name) or ".." in name:
        raise ValueError("template outside the template folder")
    with open(os.path.join(TEMPLATES, name)) as fh:
        return fh.read()
