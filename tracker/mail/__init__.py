"""Mail out: who gets which digest (digest), how it reads (render, templates/), and how it leaves
exactly once (outbox, transports)."""
