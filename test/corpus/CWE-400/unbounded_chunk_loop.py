CHUNK_SIZE = 8192
SPOOL_PATH = "/var/spool/app/upload.bin"


def receive_file(input_stream) -> int:
    total = 0
    with open(SPOOL_PATH, "wb") as out:
        while True:
            chunk = input_stream.read(CHUNK_SIZE)  # expect: seclsp/unbounded-read
            if not chunk:
                break
            out.write(chunk)
            total += len(chunk)
    return total
