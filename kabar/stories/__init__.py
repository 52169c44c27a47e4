"""Stories: one wire story republished by several outlets, grouped by near-duplicate detection."""
