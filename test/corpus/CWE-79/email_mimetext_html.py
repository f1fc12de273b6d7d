# threat-model: remote
import smtplib
from email.mime.text import MIMEText
from flask import Flask, request

app = Flask(__name__)


@app.route("/feedback", methods=["POST"])
def feedback():
    body = f"<h1>Feedback</h1><div>{request.form['text']}</div>"
    part = MIMEText(body, "html")  # expect: py/reflective-xss-email
    with smtplib.SMTP("localhost") as smtp:
        smtp.sendmail("app@example.org", ["team@example.org"], part.as_string())
    return "thanks"
