from urllib.parse import quote, urlparse

RETURN_HOSTS = ("app.example.com", "admin.example.com")


def sso_login_url(auth_endpoint: str, user_id: str, return_to: str) -> str:
    if urlparse(return_to).netloc not in RETURN_HOSTS:
        raise ValueError("return URL host is not allowed")
    return f"{auth_endpoint}?user={quote(user_id)}&return={quote(return_to)}"
