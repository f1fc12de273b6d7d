# threat-model: remote
from fastapi import FastAPI, Response

app = FastAPI()


@app.get("/pref")
def pref(value: str, response: Response):
    response.set_cookie(key="pref", value=value, secure=True, httponly=True)  # expect: py/cookie-injection
    return {"ok": True}
