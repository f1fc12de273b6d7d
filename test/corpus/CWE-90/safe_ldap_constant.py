import ldap


def admins(conn):
    return conn.search_s("ou=groups,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(cn=admins)")
