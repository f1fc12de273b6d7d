# threat-model: remote
import marshal
import socket


def serve(port):
    server = socket.socket()
    server.bind(("127.0.0.1", port))
    server.listen()
    conn, _ = server.accept()
    payload = conn.recv(4096)
    return marshal.loads(payload)  # expect: py/unsafe-deserialization
