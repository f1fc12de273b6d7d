LIMIT = 64 * 1024


def read_request(sock):
    return sock.recv(LIMIT)
