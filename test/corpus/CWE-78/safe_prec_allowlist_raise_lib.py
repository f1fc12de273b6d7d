import os

ALLOWED_FORMATS = ["png", "jpeg", "webp"]


def convert(src_format):
    if src_format not in ALLOWED_FORMATS:
        raise ValueError(f"unsupported format {src_format!r}")
    os.system("convert input." + src_format + " output.png")
