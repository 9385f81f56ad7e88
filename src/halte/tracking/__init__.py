"""The public tracking page: a parcel's story in plain sentences."""
