CHUNK_SIZE = 8192
MAX_UPLOAD = 10 * 1024 * 1024
SPOOL_PATH = "/var/spool/app/upload.bin"


def receive_file(input_stream) -> int:
    total = 0
    with open(SPOOL_PATH, "wb") as out:
        while True:
            chunk = input_stream.read(CHUNK_SIZE)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_UPLOAD:
                raise ValueError("upload too large")
            out.write(chunk)
    return total


def parse_upload(upload_stream) -> bytes:
    return upload_stream.read(MAX_UPLOAD + 1)[:MAX_UPLOAD]
