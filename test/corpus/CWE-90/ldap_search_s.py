# threat-model: remote
import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/lookup")
def lookup():
    uid = request.args["uid"]
    conn = ldap.initialize("ldap://ldap.example.com")
    results = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")  # expect: py/ldap-injection
    return {"count": len(results)}
