"""The public pages: each combines what several apps know, so they live in the site layer."""
