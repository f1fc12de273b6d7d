# threat-model: remote
import httpx
from fastapi import FastAPI

app = FastAPI()
client = httpx.Client()


@app.get("/proxy")
def proxy(host: str):
    reply = client.get("http://" + host + "/status")  # expect: py/full-ssrf
    return {"code": reply.status_code}
