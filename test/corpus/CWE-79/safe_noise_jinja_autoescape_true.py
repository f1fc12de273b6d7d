from jinja2 import Environment, FileSystemLoader

env = Environment(loader=FileSystemLoader("templates"), autoescape=True)


def render_profile(user):
    return env.get_template("profile.html").render(user=user)
