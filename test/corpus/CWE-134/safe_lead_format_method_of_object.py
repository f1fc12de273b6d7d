import logging
import traceback


class Report:
    def __init__(self, rows):
        self.rows = rows

    def format(self, width=80):
        return "\n".join(str(row)[:width] for row in self.rows)


def render(rows, width):
    # `Report.format`, a method of an object made by a class: not str.format.
    report = Report(rows)
    return report.format(width=width)


def describe(exc, chain=True):
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
    return list(te.format(chain=chain))


def emit(record, fmt_class=logging.Formatter):
    formatter = logging.Formatter("%(message)s")
    return formatter.format(record)
