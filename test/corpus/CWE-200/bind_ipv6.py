import socket


def serve6():
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.bind(("::", 8443))  # expect: py/bind-socket-all-network-interfaces
    return s
