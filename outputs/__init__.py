"""Every file SchoolPlan writes for people: the tables of each command, the Excel report, and the
one export pipeline behind ``schoolplan export`` and File → Export….

:mod:`outputs.pipeline` turns a request (what, which results, language, paper) into a file
with the writer of its kind; :mod:`outputs.tables` writes the CSV tables and GeoPackage
layers of ``analyze``, ``suggest``, ``compare`` and ``balance``; :mod:`outputs.xlsx` the
Excel report. The analysis core (:mod:`gis`) returns frames and objects and writes only the
project file and the import report; the maps themselves are drawn by :mod:`layers`. No Qt here.
"""
