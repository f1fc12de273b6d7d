from paramiko import client


def connect(host):
    ssh = client.SSHClient()
    ssh.set_missing_host_key_policy(client.AutoAddPolicy())  # expect: py/paramiko-missing-host-key-validation
    return ssh
