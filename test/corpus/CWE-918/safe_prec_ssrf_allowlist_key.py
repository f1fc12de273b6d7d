# threat-model: remote
import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()
UPSTREAMS = {"billing": "https://billing.internal.example/api", "users": "https://users.internal.example/api"}


@app.get("/upstream/{name}")
async def upstream(name: str):
    if name not in UPSTREAMS:
        raise HTTPException(status_code=404)
    async with httpx.AsyncClient() as client:
        resp = await client.get(UPSTREAMS[name])
    return resp.json()
