from urllib.parse import quote


def sso_login_url(auth_endpoint: str, user_id: str, return_to: str) -> str:
    return f"{auth_endpoint}?user={quote(user_id)}&return={quote(return_to)}"  # expect: seclsp/unvalidated-url
