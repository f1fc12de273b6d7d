# threat-model: remote
from flask import Flask, request
from flask_mail import Mail, Message

app = Flask(__name__)
mail = Mail(app)


@app.route("/invite", methods=["POST"])
def invite():
    note = request.form["note"]
    msg = Message("Invitation", recipients=[request.form["to"]], html="<p>" + note + "</p>")  # expect: py/reflective-xss-email
    mail.send(msg)
    return "sent"
