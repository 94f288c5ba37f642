"""Django's SQLite backend, making the database file's folder when it opens the file (settings: ENGINE)."""
