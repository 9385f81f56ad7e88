"""Gifts: the sender's words and name on the recipient's page, and a thank-you relayed both ways."""
