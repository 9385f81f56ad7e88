"""The address registry: postcode + number ↔ street ↔ city, to catch mixed-up addresses."""
