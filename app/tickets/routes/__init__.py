"""The service desk's pages: filing a request, the desk's own pages, the ticket page."""

from app.tickets.routes import desk, queue, requests, ticket, watchers  # noqa: F401
