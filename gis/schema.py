"""What a county project is made of: school types, levels, grades, road classes and the fields
of every layer.

The bottom of the core: every other module takes these facts from here instead of restating
them, and this module imports nothing of SchoolPlan's.
"""

from __future__ import annotations

SCHOOL_TYPES = ("primary", "teaching_point", "junior", "nine_year")
ROAD_CLASSES = ("county", "township", "village", "path")
LEVELS = ("primary", "junior")
GRADES = tuple(range(1, 10))
PRIMARY_GRADES = (1, 2, 3, 4, 5, 6)
JUNIOR_GRADES = (7, 8, 9)
# The grades of each level (the two levels of compulsory education).
LEVEL_GRADES: dict[str, tuple[int, ...]] = {"primary": PRIMARY_GRADES, "junior": JUNIOR_GRADES}
# The lowest and highest grade each school type teaches when a new school is opened.
TYPE_GRADES: dict[str, tuple[int, int]] = {
    "teaching_point": (1, 3),
    "primary": (1, 6),
    "junior": (7, 9),
    "nine_year": (1, 9),
}

SCHOOL_COLUMNS = (
    "school_id", "name", "type", "grade_min", "grade_max", "township", "boarding",
    *(f"enrol_g{g}" for g in GRADES),
    "classes_primary", "classes_junior", "capacity_primary", "capacity_junior",
    "boarding_beds", "boarders", "teachers", "teachers_qualified", "teachers_senior",
    "key_teachers", "pe_arts_teachers", "floor_area_m2", "sports_area_m2",
    "equipment_value_yuan", "books", "computers", "multimedia_rooms",
)  # fmt: skip
# School fields that add up when schools merge (pupils, classes, seats, beds, staff, facilities).
ADDITIVE_FIELDS = SCHOOL_COLUMNS[SCHOOL_COLUMNS.index("enrol_g1") :]
POPULATION_COLUMNS = ("cell_id", "row", "col", "primary", "junior", "township")
#: Optional fields of the population layer: ``under5``, children aged 0–4 per cell (WorldPop's
#: age bands 0 and 1, when imported), which the forecast takes for the births of the five years
#: before the base year when there is no births table. Projects without it load and save as before.
POPULATION_OPTIONAL_COLUMNS = ("under5",)
ROAD_COLUMNS = ("road_class", "name")
TOWNSHIP_COLUMNS = ("code", "name")
PLACE_COLUMNS = ("name", "kind", "township", "population")
RIVER_COLUMNS = ("name",)

# The vector layers of a project file and their fields.
VECTOR_LAYERS: dict[str, tuple[str, ...]] = {
    "schools": SCHOOL_COLUMNS,
    "population": POPULATION_COLUMNS,
    "roads": ROAD_COLUMNS,
    "townships": TOWNSHIP_COLUMNS,
    "places": PLACE_COLUMNS,
    "rivers": RIVER_COLUMNS,
}
REQUIRED_LAYERS = ("schools", "population", "roads")


def enrolment_columns(level: str | None = None) -> list[str]:
    """The enrolment fields of a level's grades (``enrol_g1`` … ``enrol_g6`` for primary), or
    of every grade when ``level`` is None."""
    return [f"enrol_g{g}" for g in (LEVEL_GRADES[level] if level is not None else GRADES)]
