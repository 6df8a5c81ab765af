"""The demo's content, loaded by `manage.py seed_demo`: people, records and plans, as data."""
