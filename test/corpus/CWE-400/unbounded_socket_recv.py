def read_message(sock) -> bytes:
    data = b""
    while True:
        part = sock.recv(4096)  # expect: seclsp/unbounded-read
        if not part:
            break
        data += part
    return data
