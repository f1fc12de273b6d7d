import socket


def serve(port):
    s = socket.socket()
    s.bind(("127.0.0.1", port))
    return s
