"""The demo installation `make run` loads: parcels from the stories, carrier accounts, cases."""
