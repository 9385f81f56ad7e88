"""The agent desk: a queue and one screen per case with the whole parcel story."""
