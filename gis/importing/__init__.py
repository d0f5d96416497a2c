"""Bringing a county's own data into a project: readers, conversions and the validation report."""
