from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask
from flask_cors import CORS

api = FastAPI()
api.add_middleware(CORSMiddleware, allow_origins=["https://app.example.org"], allow_credentials=True)
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False)
web = Flask(__name__)
CORS(web, origins=["https://app.example.org"], supports_credentials=True)
