# threat-model: remote
from django.http import JsonResponse
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail


def share(request):
    comment = request.POST["comment"]
    message = Mail(
        from_email="noreply@example.org",
        to_emails="friend@example.org",
        subject="Shared with you",
        html_content="<p>%s</p>" % comment,  # expect: py/reflective-xss-email
    )
    SendGridAPIClient("key-from-env").send(message)
    return JsonResponse({"ok": True})
