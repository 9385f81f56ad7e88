"""Promises: what was promised, noticing a promise at risk first, re-promising and compensating."""
