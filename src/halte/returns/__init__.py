"""Returns: a parcel on its way back to the shop, started by the customer or refused at the door."""
