"""API tokens are stored only as a hash; the bearer token finds its user through it."""

import hashlib


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
