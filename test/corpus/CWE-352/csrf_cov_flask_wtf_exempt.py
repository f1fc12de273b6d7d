from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)


@app.route("/transfer", methods=["POST"])
@csrf.exempt  # expect: py/csrf-protection-disabled
def transfer():
    amount = int(request.form["amount"])
    return {"moved": amount}
