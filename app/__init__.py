"""The SchoolPlan window and command line."""

import os

# numpy asks Linux for huge pages on each large array (MADV_HUGEPAGE). Where the kernel then
# compacts memory on the spot (its usual "defrag=madvise"), a fresh 184 MB array took 0.25–0.41 s
# instead of 0.07 s inside a county-sized process, and `schoolplan suggest` on the large county
# took 11.2–11.6 s instead of 10.8–10.9 s (BENCHMARKS.md). numpy reads this setting when it is
# first imported, which the application's modules do after this; a value the user set wins.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
