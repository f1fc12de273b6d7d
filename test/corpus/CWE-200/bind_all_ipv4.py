import socket


def serve(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("0.0.0.0", port))  # expect: py/bind-socket-all-network-interfaces
    s.listen()
    return s
