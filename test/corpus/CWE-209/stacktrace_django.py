import traceback
from django.http import HttpResponse


def report(request):
    try:
        data = build_report(request.GET["id"])
    except Exception as exc:
        details = "".join(traceback.format_exception(exc))
        return HttpResponse(details, status=500)  # expect: py/stack-trace-exposure
    return HttpResponse(data)


def build_report(report_id):
    return "report " + str(int(report_id))
