# threat-model: remote
import ldap
from flask import Flask, request

app = Flask(__name__)
ALLOW_FILTERS = "no"


@app.route("/people")
def people():
    filt = "(objectClass=person)"
    if ALLOW_FILTERS == "yes":
        filt = "(cn=" + request.args.get("cn", "") + ")"
    conn = ldap.initialize("ldap://localhost")
    return {"people": conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, filt)}
