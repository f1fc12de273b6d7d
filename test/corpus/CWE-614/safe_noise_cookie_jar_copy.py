def copy_cookies(source_jar, target_jar):
    for cookie in source_jar:
        target_jar.set_cookie(cookie)
