from jinja2 import Environment, FileSystemLoader

env = Environment(loader=FileSystemLoader("templates"))  # expect: py/jinja2/autoescape-false


def render(name, **context):
    return env.get_template(name).render(**context)
