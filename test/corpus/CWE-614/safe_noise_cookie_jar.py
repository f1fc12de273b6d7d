import http.cookiejar


def remember(jar: http.cookiejar.CookieJar, cookie):
    jar.set_cookie(cookie)
