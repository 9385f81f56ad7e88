"""Organisations (retailers, marketplaces, carriers) and their API tokens."""
