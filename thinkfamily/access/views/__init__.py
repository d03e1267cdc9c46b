"""Access pages: signing in and out (signing_in), and a record's break-glass, access history
and the refusal pages (records)."""
