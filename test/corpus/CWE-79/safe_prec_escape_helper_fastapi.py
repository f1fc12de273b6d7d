# threat-model: remote
import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/hello", response_class=HTMLResponse)
def hello(name: str = "world"):
    safe_name = html.escape(name)
    return HTMLResponse("<h1>Hello " + safe_name + "</h1>")
