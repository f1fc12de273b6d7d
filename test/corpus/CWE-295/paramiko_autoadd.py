import paramiko


def connect(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: py/paramiko-missing-host-key-validation
    client.connect(host, username="deploy")
    return client
