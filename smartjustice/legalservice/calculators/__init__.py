"""智能赔偿计算: compensation calculators with cited formulas and versioned official figures (issue #7)."""
