"""Accounts, roles, sessions, API tokens and CSRF (to be filled)."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
