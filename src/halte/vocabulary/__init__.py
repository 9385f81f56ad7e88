"""The words every app shares — parcel statuses, carriers, the business calendar, postcodes.

Nothing here imports another part of Halte: every app may use the vocabulary, and the
vocabulary uses no app.
"""
