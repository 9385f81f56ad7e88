"""The customer journey: every touchpoint, halte by halte, with how it felt."""
