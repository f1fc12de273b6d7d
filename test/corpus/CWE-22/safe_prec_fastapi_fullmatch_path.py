# threat-model: remote
import re

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/invoices/{invoice}")
def invoice(invoice: str):
    if re.fullmatch(r"INV-[0-9]{6}", invoice) is None:
        raise HTTPException(status_code=400)
    return FileResponse(f"/srv/invoices/{invoice}.pdf")
