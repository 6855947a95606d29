"""The PySide6 window. Calls services in station_app/, never a database session."""
