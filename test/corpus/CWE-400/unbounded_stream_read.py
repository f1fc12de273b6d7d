def parse_upload(upload_stream) -> bytes:
    payload = upload_stream.read()  # expect: seclsp/unbounded-read
    return payload.strip()
