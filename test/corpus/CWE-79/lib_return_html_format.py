PROFILE_TEMPLATE = "<h1>{name}</h1><p>{bio}</p>"


def profile_html(name: str, bio: str) -> str:
    html = PROFILE_TEMPLATE.format(name=name, bio=bio)
    return html  # expect: py/reflective-xss
