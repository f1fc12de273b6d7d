# threat-model: remote
import logging
from django.http import HttpResponse

logger = logging.getLogger(__name__)


def track(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    logger.warning("Unknown agent: " + agent)  # expect: py/log-injection
    return HttpResponse(status=204)
