"""The county plan: candidate actions, the children of each year, the programme and its reading.

See :func:`gis.plan.plan.county_plan`.
"""

from gis.plan.candidates import ACTION_KINDS, Candidates, PlannerChoices, Site
from gis.plan.model import TERMS, Budget, Objective, parse_objective
from gis.plan.plan import PLAN_COLUMNS, SCENARIO_PREFIX, CountyPlan, PlanAction, county_plan

__all__ = [
    "ACTION_KINDS", "PLAN_COLUMNS", "SCENARIO_PREFIX", "TERMS", "Budget", "Candidates", "CountyPlan", "Objective",
    "PlanAction", "PlannerChoices", "Site", "county_plan", "parse_objective",
]  # fmt: skip
