def save_profile(user, city):
    with open("/var/lib/app/profiles.txt", "a") as handle:
        handle.write(user + "," + city + "\n")
