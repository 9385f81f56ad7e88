"""What a customer's message is about, how they feel and whether it is urgent, read offline."""
