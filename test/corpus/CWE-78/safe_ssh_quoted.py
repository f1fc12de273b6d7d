import shlex

from fabric import Connection
from netmiko import ConnectHandler


def restart_service(host: str, service: str) -> None:
    conn = Connection(host)
    conn.sudo("systemctl restart " + shlex.quote(service))


def show_version(device: dict) -> str:
    ssh = ConnectHandler(**device)
    return ssh.send_command("show version")
