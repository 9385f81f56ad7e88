"""What a shop or carrier is asked to do for a case, and what it answered."""
