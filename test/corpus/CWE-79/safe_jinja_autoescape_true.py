import jinja2

ENV = jinja2.Environment(loader=jinja2.PackageLoader("app"), autoescape=True)
