import jinja2

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("app"),
    autoescape=jinja2.select_autoescape(["html", "xml"]),
)
