# threat-model: remote
from flask import request


def requested_report():
    return request.args.get("report", "summary")


def page_size():
    return int(request.args.get("size", "20"))
