"""Domain types: handler, asset, recipient, flow, facts, approval, counters, decision."""
