from paramiko import SSHClient, WarningPolicy


def connect(host):
    client = SSHClient()
    client.set_missing_host_key_policy(WarningPolicy)  # expect: py/paramiko-missing-host-key-validation
    return client
