"""Web pages in Bahasa Indonesia (to be filled)."""
from flask import Blueprint

bp = Blueprint("pages", __name__)
