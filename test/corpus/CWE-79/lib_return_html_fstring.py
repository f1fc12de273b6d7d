def render_comment(author: str, body: str) -> str:
    return f"<div class='comment'><b>{author}</b><p>{body}</p></div>"  # expect: py/reflective-xss
