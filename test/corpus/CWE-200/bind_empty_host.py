import socket

sock = socket.socket()
sock.bind(("", 9000))  # expect: py/bind-socket-all-network-interfaces
