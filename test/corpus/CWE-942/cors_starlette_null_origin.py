from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

middleware = [
    Middleware(CORSMiddleware, allow_origins=["https://app.example.org", "null"], allow_credentials=True),  # expect: py/cors-misconfiguration-with-credentials
]
app = Starlette(middleware=middleware)
