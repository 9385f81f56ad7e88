"""Cases: one thread per customer question across e-mail, web and desk, with SLA clocks."""
