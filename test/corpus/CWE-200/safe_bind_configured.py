import socket


def serve(host, port):
    s = socket.socket()
    s.bind((host, port))
    return s
