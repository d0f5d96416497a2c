"""The SchoolPlan window and command line."""
