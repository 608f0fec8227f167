"""What comes in from outside, before extraction: URLs checked (``weburl``), pages fetched SSRF-safely
(``fetching``), RSS and Atom feeds parsed into items (``feeds``). No database here; services/ingest.py and
services/feeds.py use them, extraction/ takes their text."""
