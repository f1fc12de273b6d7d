import os

TEMPLATES = "/usr/share/myapp/templates"


def load_template(name):
    # Rejecting absolute paths keeps TEMPLATES as the base, but "../../etc/passwd" still escapes it.
    if os.path.isabs(name):
        raise ValueError("absolute template path")
    with open(os.path.join(TEMPLATES, name)) as fh:  # expect: py/path-injection
        return fh.read()
