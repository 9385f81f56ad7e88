"""Self-service on the tracking page: fix the address, report a problem, close a case."""
