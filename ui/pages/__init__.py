"""The kiosk's pages, one module per screen, reached from the side bar."""
