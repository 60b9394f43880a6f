"""The benchmarks' own databases on their PostgreSQL server: a connection to the server's
maintenance database, which creating, copying and dropping a database needs."""

from urllib.parse import urlsplit, urlunsplit


def server_admin(url: str):
    """An autocommit connection to the `postgres` database of the server `url` names (CREATE and
    DROP DATABASE cannot run in a transaction)."""
    import psycopg

    return psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True)
