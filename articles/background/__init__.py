"""Long work run by a worker (``python manage.py db_worker``) instead of a request."""
