"""The command line: click commands by group (main assembles them), and the fast path for
`tracker open`. Nothing is imported here, so that the fast path starts without click."""
