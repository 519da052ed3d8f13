def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
