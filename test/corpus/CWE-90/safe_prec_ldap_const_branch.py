# threat-model: remote
import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/admins")
def admins():
    group = request.args.get("group", "")
    search_filter = "(memberOf=cn=admins,ou=groups,dc=example,dc=org)"
    if not True:
        search_filter = "(memberOf=cn=" + group + ",ou=groups,dc=example,dc=org)"
    conn = ldap.initialize("ldap://localhost")
    return {"admins": conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, search_filter)}
