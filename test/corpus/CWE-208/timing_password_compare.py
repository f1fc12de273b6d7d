def login(user, password):
    if user.password == password:  # expect: py/possible-timing-attack-sensitive-info
        return True
    return False
