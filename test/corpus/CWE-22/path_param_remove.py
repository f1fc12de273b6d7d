import os


def delete_report(report_name):
    path = os.path.join("/srv/reports", report_name)
    os.remove(path)  # expect: py/path-injection
