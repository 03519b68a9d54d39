"""The review loop (no Qt): FSRS scheduling, the queue and the progress figures."""
