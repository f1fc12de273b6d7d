# threat-model: remote
import ldap
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/user")
def user():
    uid = request.args.get("uid", "")
    conn = ldap.initialize("ldap://directory.example.org")
    entries = conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")  # expect: py/ldap-injection
    if not uid.isalnum():
        abort(400)
    return {"entries": entries}
