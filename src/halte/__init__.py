"""Halte: post-purchase customer service for webshops and parcel carriers."""
