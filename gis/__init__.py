"""SchoolPlan's analysis core: Qt-free functions over GeoDataFrames, arrays and graphs."""
