# threat-model: remote
import ldap
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/user")
def user():
    uid = request.args.get("uid", "")
    if not uid.isalnum():
        abort(400)
    conn = ldap.initialize("ldap://directory.example.org")
    return {"entries": conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")}
