# threat-model: remote
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()
ROOT = Path("/srv/docs").resolve()


@app.get("/docs/{name}")
def read_doc(name: str):
    candidate = (ROOT / name).resolve()
    try:
        candidate.relative_to(ROOT)
    except ValueError:
        raise HTTPException(status_code=404)
    return FileResponse(candidate)
