# threat-model: remote
import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.route("/user")
def user():
    uid = escape_filter_chars(request.args.get("uid", ""))
    conn = ldap.initialize("ldap://directory.example.org")
    return {"entries": conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, f"(uid={uid})")}
