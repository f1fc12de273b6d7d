# threat-model: remote
import logging
from fastapi import FastAPI

app = FastAPI()


@app.get("/items/{item_id}")
def read_item(item_id: str):
    logging.error(f"item {item_id} requested")  # expect: py/log-injection
    return {"item": 1}
