import requests


def weather(city):
    url = "https://weather.example.org/v1/current?city={}".format(city)
    return requests.get(url, timeout=3).json()  # expect: py/partial-ssrf
