"""The one outbox for everything Halte sends: e-mail, text messages and webhooks."""
