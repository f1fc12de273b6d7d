import html

PROFILE_TEMPLATE = "<h1>{name}</h1><p>{bio}</p>"


def profile_html(name: str, bio: str) -> str:
    page = PROFILE_TEMPLATE.format(name=html.escape(name), bio=html.escape(bio))
    return page


def render_comment(author: str, body: str) -> str:
    return f"<div class='comment'><b>{html.escape(author)}</b><p>{html.escape(body)}</p></div>"
