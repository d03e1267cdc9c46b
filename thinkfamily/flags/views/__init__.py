"""Pages (pages.py) and the JSON API (api.py) of the flags app."""
