"""Gaps layer: status on fixed thresholds, gap metrics against targets, trends."""
