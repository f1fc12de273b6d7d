import os


def connect():
    api_key = os.environ["SERVICE_API_KEY"]
    print("Using API key " + api_key)  # expect: py/clear-text-logging-sensitive-data
    return api_key
