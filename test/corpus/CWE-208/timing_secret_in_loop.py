def find_client(clients, client_secret):
    for client in clients:
        if client.secret == client_secret:  # expect: py/possible-timing-attack-sensitive-info
            return client
    return None
