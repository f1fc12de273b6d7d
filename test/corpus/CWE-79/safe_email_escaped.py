import html
import smtplib
from email.mime.text import MIMEText
from flask import Flask, request
from flask_mail import Message

app = Flask(__name__)


@app.route("/feedback", methods=["POST"])
def feedback():
    body = "<div>" + html.escape(request.form["text"]) + "</div>"
    part = MIMEText(body, "html")
    plain = MIMEText(request.form["text"], "plain")
    msg = Message("Feedback", recipients=["team@example.org"], body=request.form["text"])
    with smtplib.SMTP("localhost") as smtp:
        smtp.sendmail("app@example.org", ["team@example.org"], part.as_string() + plain.as_string())
    return "sent" if msg else "not sent"
