# threat-model: remote
from js2py import eval_js6
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/script")
async def script(request: Request):
    body = await request.json()
    code = "var f = function() { return %s; }; f()" % body["snippet"]
    return {"value": eval_js6(code)}  # expect: py/js2py-rce
