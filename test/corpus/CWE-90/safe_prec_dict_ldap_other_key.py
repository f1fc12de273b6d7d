# threat-model: remote
import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/groups")
def groups():
    params = {"base": "ou=groups,dc=example,dc=org", "who": request.args.get("who", "")}
    conn = ldap.initialize("ldap://localhost")
    return {"groups": conn.search_s(params["base"], ldap.SCOPE_SUBTREE, "(objectClass=group)")}
