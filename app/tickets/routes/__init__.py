"""The service desk's pages: filing a request, the desk's own pages, the ticket page."""

from app.tickets.routes import desk, requests, ticket  # noqa: F401
