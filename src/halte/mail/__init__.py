"""E-mail in and out: repliable addresses, threading, loop protection, the SMTP receiver."""
