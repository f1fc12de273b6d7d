import socket
import ssl


def connect(host):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.options |= ssl.OP_NO_TLSv1
    sock = socket.create_connection((host, 443))
    return context.wrap_socket(sock, server_hostname=host)  # expect: py/insecure-protocol
