from flask import render_template_string


def render_email(body_template, user):
    return render_template_string(body_template, user=user)  # expect: py/template-injection
