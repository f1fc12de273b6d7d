# threat-model: remote
from django.http import JsonResponse
from ldap3 import Connection, Server


def members(request):
    group = request.GET["group"]
    conn = Connection(Server("ldap://ldap"), auto_bind=True)  # expect: py/improper-ldap-auth
    conn.search("dc=example,dc=com", f"(memberOf=cn={group},ou=groups,dc=example,dc=com)")  # expect: py/ldap-injection
    return JsonResponse({"n": len(conn.entries)})
