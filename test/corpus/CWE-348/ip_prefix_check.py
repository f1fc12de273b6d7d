from flask import Flask, request

app = Flask(__name__)


@app.route("/admin")
def admin():
    addr = request.access_route[0]
    if addr.startswith("192.168."):  # expect: py/ip-address-spoofing
        return "admin panel"
    return "denied", 403
