"""ppb-validator: checks and simulates the Peta Proses Bisnis of Indonesian local governments."""

__version__ = "0.1.0"
