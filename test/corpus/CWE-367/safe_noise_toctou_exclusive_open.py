REPORT = "/var/lib/app/report.txt"


def write_report_once(text):
    try:
        with open(REPORT, "x") as f:
            f.write(text)
    except FileExistsError:
        return False
    return True
