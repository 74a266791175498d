"""Publishing: read-only copies of the marts for analysts and inspectors."""
