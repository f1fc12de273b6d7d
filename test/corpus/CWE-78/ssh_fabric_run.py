from fabric import Connection


def restart_service(host: str, service: str) -> None:
    conn = Connection(host)
    conn.sudo("systemctl restart " + service)  # expect: py/command-line-injection
