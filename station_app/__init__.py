"""Station Desk's rules: Qt-free services over the database layer."""
