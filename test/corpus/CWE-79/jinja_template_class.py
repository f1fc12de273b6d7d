from jinja2 import Template

FOOTER = Template("<footer>{{ year }}</footer>")  # expect: py/jinja2/autoescape-false


def footer(year):
    return FOOTER.render(year=year)
