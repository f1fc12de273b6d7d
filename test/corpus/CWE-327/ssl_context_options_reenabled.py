import ssl
import urllib.request


def fetch():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1
    context.options &= ~ssl.OP_NO_TLSv1_1
    return urllib.request.urlopen("https://example.org/status", context=context)  # expect: py/insecure-protocol
