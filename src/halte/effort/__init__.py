"""Customer Effort Score: one short question after a problem is sorted, one tap to answer."""
