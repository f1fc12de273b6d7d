# threat-model: remote
from fastapi import FastAPI

app = FastAPI()


@app.get("/filter")
def apply_filter(rule: str):
    predicate = eval("lambda item: " + rule)  # expect: py/code-injection
    return {"ok": predicate is not None}
