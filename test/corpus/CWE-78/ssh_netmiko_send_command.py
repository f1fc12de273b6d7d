from netmiko import ConnectHandler


def show_interface(device: dict, interface: str) -> str:
    ssh = ConnectHandler(**device)
    return ssh.send_command(f"show interface {interface}")  # expect: py/command-line-injection
