"""Neighbourhood search for large single-source capacitated p-median problems.

A matheuristic after Stefanello, de Araújo & Müller (2015, "Matheuristics for the capacitated
p-median problem", ITOR 22): the medians of a solution are taken a few neighbouring ones at a
time; their clients and the candidate sites among them form a small capacitated p-median
problem that HiGHS solves exactly (or to a short time limit, doubled each time the same
neighbourhood comes round again) from the current solution, and a better answer replaces
that part of the solution. Clients outside the
neighbourhood keep their medians, so every step stays feasible. When a whole pass over the
medians improves nothing, medians are moved between distant parts of the map (a transfer sweep,
below); when that moves none either, the neighbourhoods grow.

A neighbourhood keeps its number of medians, so on its own the search cannot take a median from
a part of the map that has one too many to a part that lacks one: that takes a removal in one
place and an addition in another, each a loss or a gain alone. The transfer sweep solves every
neighbourhood once with one median more and once with one fewer, and makes the best additions
together with the cheapest removals elsewhere while the pair gains. (On OR-Library's p3038_600,
after 300 s of the search at 0.96 % above the best known, the median counts of a 4 × 4 grid over
the map differed from the best known solution's by up to four in a square, and the squares with
too few medians held all of the excess cost; one sweep took the solution to 0.49 %.)

The start is built without any solver: medians seeded far apart in proportion to demand (as
k-means++ seeds centres), clients assigned by regret to the nearest median with room, and
each median moved to the best site of its own clients, a few rounds over.

This is what the county-sized and benchmark-sized problems with hundreds of medians need
(OR-Library's ``p3038`` instances have 3,038 clients and 600–1,000 medians), where the
exact model of :class:`~gis.locate.capacitated.CapacitatedPMedian` cannot be built whole.
It gives no bound of its own: its objective is an upper bound only.

Clients and sites may be different sets (``costs`` clients × sites, ``inf`` where a client may
not go), with some sites fixed open: each site belongs to the region of its nearest client, and
the candidate sites of a neighbourhood are its medians and the sites in its clients' regions
(with every client a site of its own, as in the benchmark sets, they are the clients themselves).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from gis.highs import SolverFactory, new_highs
from gis.locate.base import EPS, add_columns, add_open_count, add_rows, run_highs, set_start

# Medians per neighbourhood at the start, the step it grows by and its largest size.
_FIRST_SIZE = 4
_GROWTH = 2
_LARGEST_SIZE = 16
# Each client may go to its nearest sites of the neighbourhood only (the current one always):
# at least this many, and twice the clients per median (a median's clients are not all among
# the few points nearest to each of them: with 13 clients a median, 8 left Lorena–Senne's
# SJC4a unimproved at 1.2 % off, where twice that moved it to 0.6 %).
_SITES_PER_CLIENT = 8
# Seconds HiGHS may first spend on one neighbourhood; one it could not finish is solved again,
# when its turn comes in a later pass, with twice the time, up to the last limit. Most
# neighbourhoods take HiGHS 0.02–0.05 s, a tenth stall at the root: a short first limit spends
# the time where improvements are cheap (p3038_600, 120 s: 1.43 % above the best known
# against 2.18 % with 0.5 s for every one), the doubling still reaches the hard ones.
_FIRST_SUB_LIMIT_S = 0.1
_LAST_SUB_LIMIT_S = 0.8
# Medians per neighbourhood of a transfer sweep: large enough that one fewer still holds its
# clients at tight capacities, small enough that HiGHS solves the two programmes in about 0.1 s.
_TRANSFER_SIZE = 6
# Rounds of assignment and median moves of the start.
_START_ROUNDS = 8


@dataclass(frozen=True)
class SearchResult:
    """A solution of the search.

    Attributes
    ----------
    medians
        The open sites, sorted.
    assignment
        The site each client goes to.
    objective
        The sum of the clients' costs to their sites.
    neighbourhoods
        How many neighbourhood programmes HiGHS solved.
    improvements
        How many of them improved the solution.
    transfers
        How many medians the transfer sweeps moved from one part of the map to another.
    seconds
        Wall time of the search, start included.
    """

    medians: np.ndarray
    assignment: np.ndarray
    objective: float
    neighbourhoods: int
    improvements: int
    transfers: int
    seconds: float


def objective_of(costs: np.ndarray, assignment: np.ndarray) -> float:
    """The sum of every client's cost to its site."""
    return float(costs[np.arange(assignment.size), assignment].sum())


def assign_by_regret(
    costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray, medians: np.ndarray
) -> np.ndarray | None:
    """Each client to the nearest of ``medians`` with room for it (and a finite cost), clients with
    the most to lose first (the gap between their two nearest medians); None when some client fits
    nowhere."""
    sub = costs[:, medians]
    order = np.argsort(sub, axis=1, kind="stable")
    ranked = np.take_along_axis(sub, order, axis=1)
    # A client with one allowed median (the other costs inf) has everything to lose.
    with np.errstate(invalid="ignore"):
        regret = (
            np.where(np.isfinite(ranked[:, 1]), ranked[:, 1] - ranked[:, 0], np.inf)
            if medians.size > 1
            else np.zeros(costs.shape[0])
        )
    room = capacity[medians].astype(float).copy()
    assignment = np.full(costs.shape[0], -1, dtype=np.int64)
    for client in np.argsort(-regret, kind="stable").tolist():
        fits = np.flatnonzero((room[order[client]] >= demand[client] - EPS) & np.isfinite(ranked[client]))
        if not fits.size:
            return None
        slot = int(order[client, fits[0]])
        room[slot] -= demand[client]
        assignment[client] = medians[slot]
    return assignment


def shift_and_swap(
    costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray, assignment: np.ndarray, *, near: int = 8
) -> np.ndarray:
    """Client moves until none pays: each client to a cheaper one of its ``near`` nearest medians
    with room, or exchanged with a client of such a median when both gain in all and both fit."""
    assignment = assignment.copy()
    medians = np.unique(assignment)
    slot_of = np.full(costs.shape[1], -1, dtype=np.int64)
    slot_of[medians] = np.arange(medians.size)
    room = capacity[medians] - np.bincount(slot_of[assignment], weights=demand, minlength=medians.size)
    nearest = np.argsort(costs[:, medians], axis=1, kind="stable")[:, : min(near, medians.size)]
    tol = EPS * max(1.0, float(costs[np.arange(assignment.size), assignment].mean()))
    changed = True
    while changed:
        changed = False
        for client in range(assignment.size):
            here = slot_of[assignment[client]]
            now = costs[client, assignment[client]]
            options = nearest[client]
            gain = now - costs[client, medians[options]]
            fits = room[options] >= demand[client] - EPS
            best = int(np.argmax(np.where(fits, gain, -np.inf)))
            if fits[best] and gain[best] > tol:
                target = options[best]
                room[here] += demand[client]
                room[target] -= demand[client]
                assignment[client] = medians[target]
                changed = True
                continue
            # Exchange with a client of a nearby median: both must fit after the exchange.
            for target in options[gain > tol].tolist():
                others = np.flatnonzero(assignment == medians[target])
                delta = demand[client] - demand[others]
                ok = (room[target] >= delta - EPS) & (room[here] >= -delta - EPS)
                total = gain[options == target][0] + costs[others, medians[target]] - costs[others, assignment[client]]
                total = np.where(ok, total, -np.inf)
                if others.size and total.max() > tol:
                    other = int(others[int(np.argmax(total))])
                    room[target] -= demand[client] - demand[other]
                    room[here] += demand[client] - demand[other]
                    assignment[other], assignment[client] = assignment[client], medians[target]
                    changed = True
                    break
    return assignment


def start_solution(
    costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray, p: int, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A first feasible solution: medians seeded apart, assigned by regret, moved to their clients' best site.

    Raises
    ------
    ValueError
        If no assignment of the seeded medians fits the capacities.
    """
    n = costs.shape[0]
    weight = np.asarray(demand, dtype=float)
    first = int(rng.choice(n, p=weight / weight.sum()))
    medians = [first]
    nearest = costs[:, first].copy()
    for _ in range(p - 1):
        chance = weight * nearest**2
        chance[medians] = 0.0
        total = chance.sum()
        site = int(rng.choice(n, p=chance / total)) if total > 0 else int(np.setdiff1d(np.arange(n), medians)[0])
        medians.append(site)
        np.minimum(nearest, costs[:, site], out=nearest)
    chosen = np.sort(np.asarray(medians, dtype=np.int64))
    assignment = assign_by_regret(costs, demand, capacity, chosen)
    if assignment is None:
        raise ValueError("the seeded medians cannot hold every client")
    assignment = shift_and_swap(costs, demand, capacity, assignment)
    best = objective_of(costs, assignment)
    for _ in range(_START_ROUNDS):
        # The medians moved, the clients assigned afresh to them (better than moving each
        # median's clients with it: the regret order spreads them over the new medians).
        moved = np.unique(_move_medians(costs, demand, capacity, assignment))
        again = assign_by_regret(costs, demand, capacity, moved)
        if again is None:
            break
        again = shift_and_swap(costs, demand, capacity, again)
        value = objective_of(costs, again)
        if value >= best - EPS * max(1.0, abs(best)):
            break
        assignment, best = again, value
    return np.unique(assignment), assignment


def _move_medians(costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray, assignment: np.ndarray) -> np.ndarray:
    """Each median moved, with its clients, to the site among them that serves them at the least
    cost and holds them; the new assignment."""
    medians = np.unique(assignment)
    taken = set(medians.tolist())
    out = []
    for median in medians.tolist():
        members = np.flatnonzero(assignment == median)
        load = float(demand[members].sum())
        totals = costs[np.ix_(members, members)].sum(axis=0)
        best_site, best_total = median, float(costs[members, median].sum())
        for k in np.argsort(totals, kind="stable").tolist():
            site = int(members[k])
            if totals[k] >= best_total - EPS:
                break
            if capacity[site] >= load - EPS and (site == median or site not in taken):
                best_site, best_total = site, float(totals[k])
                break
        if best_site != median:
            taken.discard(median)
            taken.add(best_site)
        out.append(best_site)
    moved = np.arange(costs.shape[1])
    moved[medians] = out
    return moved[assignment]


def neighbourhood_search(
    costs: np.ndarray,
    demand: np.ndarray,
    capacity: np.ndarray,
    p: int,
    *,
    assignment: np.ndarray | None = None,
    fixed: np.ndarray | None = None,
    time_limit: float = 60.0,
    seed: int = 0,
    cancel: Callable[[], bool] | None = None,
    solver: SolverFactory | None = None,
    workers: int | None = None,
) -> SearchResult:
    """Improve a single-source capacitated p-median solution a neighbourhood at a time.

    Ends when ``time_limit`` is up, or when every neighbourhood of the largest size is solved
    (or was given the last time limit, :data:`_LAST_SUB_LIMIT_S`) without improving and a
    transfer sweep (:func:`_transfer_sweep`) moves no median.

    Parameters
    ----------
    costs
        Clients × sites: the cost of serving client i from site j (``inf`` where it may not).
    demand
        Each client's demand.
    capacity
        Each site's capacity.
    p
        The number of medians.
    assignment
        A feasible solution to start from (the site of each client, at most ``p`` sites in all
        with the fixed ones); by default :func:`start_solution`, which needs every client to be
        a site (``costs`` square).
    fixed
        Sites (a mask) open in every solution; none by default.
    time_limit
        Seconds for the whole search.
    seed
        Seed of the random choices (the start and the order of the neighbourhoods).
    cancel
        Returns True to stop at the next neighbourhood, keeping the best solution so far.
    solver
        A factory of HiGHS-like solvers instead of ``highspy.Highs``.
    workers
        Neighbourhoods solved side by side (default: the processor's cores, at most 4).

    Returns
    -------
    SearchResult
        ``medians`` are ``p`` sites: those serving clients and the fixed ones, and when fewer,
        the closed sites of the largest capacity (an open site without clients costs nothing).

    Raises
    ------
    ValueError
        If ``p`` is not between 1 and the number of sites, or there is no start: the start given
        opens too many sites, or (none given) the costs are not square or the seeded start
        cannot hold every client.
    """
    n_sites = costs.shape[1]
    if not 1 <= p <= n_sites:
        raise ValueError(f"p must be between 1 and the {n_sites} sites, not {p}")
    workers = workers or min(4, os.cpu_count() or 1)
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    costs = np.asarray(costs, dtype=float)
    demand = np.asarray(demand, dtype=float)
    capacity = np.asarray(capacity, dtype=float)
    fixed = np.zeros(n_sites, bool) if fixed is None else np.asarray(fixed, bool)
    fixed_sites = np.flatnonzero(fixed)
    if assignment is None:
        if costs.shape[0] != n_sites:
            raise ValueError("a start is needed when the clients are not the sites")
        _, assignment = start_solution(costs, demand, capacity, p, rng=rng)
    assignment = np.asarray(assignment, dtype=np.int64).copy()
    if np.union1d(assignment, fixed_sites).size > p:
        raise ValueError(f"the start opens more than {p} sites")
    value = objective_of(costs, assignment)
    width = max(_SITES_PER_CLIENT, int(np.ceil(2 * costs.shape[0] / p)))
    # Each site's nearest client: the site lies in its region, and the distance between two
    # medians is that client's cost to the other.
    anchor = np.argmin(costs, axis=0)
    size = min(_FIRST_SIZE, p)
    # Neighbourhoods done with (solved, or stopped at the last limit), and the limit each
    # unfinished one was last given.
    solved: set[tuple[int, ...]] = set()
    stopped: dict[tuple[int, ...], float] = {}
    # The transfer sweeps' programmes, kept while their clients stay where they were.
    transfer_runs: dict[tuple[int, ...], _TransferRuns] = {}
    count = improvements = transfers = 0

    def out_of_time() -> bool:
        return time.perf_counter() - started >= time_limit or (cancel is not None and cancel())

    with ThreadPoolExecutor(max_workers=workers) as pool:
        while not out_of_time():
            medians = np.union1d(assignment, fixed_sites)
            spare = p - medians.size  # sites a neighbourhood may open besides its medians' number
            between = costs[np.ix_(anchor[medians], medians)]
            improved = False
            tried: set[tuple[int, ...]] = set()  # once a pass each
            seeds = rng.permutation(medians.size).tolist()
            while seeds and not out_of_time():
                # A few neighbourhoods without a median in common, solved side by side (HiGHS
                # releases the interpreter) from the same solution.
                # Each neighbourhood's medians, its key and HiGHS's time limit for it.
                batch: list[tuple[np.ndarray, tuple[int, ...], float]] = []
                used: set[int] = set()
                open_now = np.union1d(assignment, fixed_sites)
                current = set(open_now.tolist())
                while seeds and len(batch) < workers:
                    group = medians[np.argsort(between[seeds.pop(0)], kind="stable")[:size]]
                    key = tuple(sorted(group.tolist()))
                    if key in solved or key in tried or not current.issuperset(key) or used.intersection(key):
                        continue
                    tried.add(key)
                    used.update(key)
                    limit = min(2.0 * stopped[key], _LAST_SUB_LIMIT_S) if key in stopped else _FIRST_SUB_LIMIT_S
                    batch.append((group, key, limit))
                seen = assignment.copy()
                runs = [
                    pool.submit(
                        _solve_neighbourhood,
                        costs,
                        demand,
                        capacity,
                        seen,
                        open_now,
                        group,
                        spare,
                        fixed,
                        anchor,
                        width,
                        limit,
                        solver,
                    )
                    for group, _, limit in batch
                ]
                found = [run.result() for run in runs]
                count += len(batch)
                for (_, key, limit), (better, finished) in zip(batch, found, strict=True):
                    if finished or limit >= _LAST_SUB_LIMIT_S:
                        solved.add(key)
                        stopped.pop(key, None)
                    else:
                        stopped[key] = limit
                    if better is None:
                        continue
                    clients, sites = better
                    if np.any(assignment[clients] != seen[clients]):
                        continue  # another neighbourhood of the batch moved these clients first
                    trial = assignment.copy()
                    trial[clients] = sites
                    gain = value - objective_of(costs, trial)
                    if gain > EPS * max(1.0, abs(value)) and _feasible(trial, demand, capacity, p, fixed_sites):
                        assignment, value = trial, value - gain
                        improvements += 1
                        improved = True
            if not improved and p > _TRANSFER_SIZE and not out_of_time():
                assignment, moved, solves = _transfer_sweep(
                    costs,
                    demand,
                    capacity,
                    assignment,
                    p,
                    fixed,
                    anchor,
                    width,
                    transfer_runs,
                    pool=pool,
                    workers=workers,
                    out_of_time=out_of_time,
                    solver=solver,
                )
                count += solves
                if moved:
                    value = objective_of(costs, assignment)
                    transfers += moved
                    continue  # the neighbourhoods around the moved medians first, at the same size
            if not improved:
                if size < min(_LARGEST_SIZE, p):
                    size = min(size + _GROWTH, _LARGEST_SIZE, p)
                elif not tried:
                    break  # every neighbourhood of the largest size solved, or given the last limit
    value = objective_of(costs, assignment)
    medians = np.union1d(assignment, fixed_sites)
    if medians.size < p:  # a neighbourhood left a median without clients: open the largest closed sites
        closed = np.setdiff1d(np.arange(n_sites), medians)
        medians = np.union1d(medians, closed[np.argsort(-capacity[closed], kind="stable")[: p - medians.size]])
    return SearchResult(
        medians=medians,
        assignment=assignment,
        objective=value,
        neighbourhoods=count,
        improvements=improvements,
        transfers=transfers,
        seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class _TransferRuns:
    """A neighbourhood of a transfer sweep solved with one median more and with one fewer.

    ``more`` and ``fewer`` are (gain, clients, their new sites), None where HiGHS found nothing (a
    negative gain is a loss); ``own`` are the clients of its medians and ``sites`` the sites of
    ``clients`` when it was solved.
    """

    own: np.ndarray
    clients: np.ndarray
    sites: np.ndarray
    more: tuple[float, np.ndarray, np.ndarray] | None
    fewer: tuple[float, np.ndarray, np.ndarray] | None

    def holds(self, assignment: np.ndarray, group: np.ndarray) -> bool:
        """Whether the runs still apply: the same clients at its medians, none of its clients moved."""
        return np.array_equal(np.flatnonzero(np.isin(assignment, group)), self.own) and np.array_equal(
            assignment[self.clients], self.sites
        )


def _transfer_sweep(
    costs: np.ndarray,
    demand: np.ndarray,
    capacity: np.ndarray,
    assignment: np.ndarray,
    p: int,
    fixed: np.ndarray,
    anchor: np.ndarray,
    width: int,
    runs: dict[tuple[int, ...], _TransferRuns],
    *,
    pool: ThreadPoolExecutor,
    workers: int,
    out_of_time: Callable[[], bool],
    solver: SolverFactory | None,
) -> tuple[np.ndarray, int, int]:
    """Medians moved between parts of the map: the solution, how many moved and how many programmes HiGHS solved.

    Each median's :data:`_TRANSFER_SIZE` nearest medians are solved (:func:`_solve_neighbourhood`,
    :data:`_FIRST_SUB_LIMIT_S` each) with one median more and with one fewer, unless ``runs``
    holds them from an earlier sweep and their clients have not moved since (``runs`` is updated).
    Then the additions, largest gain first, are each paired with the removal of least loss that
    shares no median or client with it, while the gain exceeds the loss; every pair made is checked
    whole (the objective and :func:`_feasible`) before it is kept. Stops solving when ``out_of_time``
    and pairs what it has.
    """
    fixed_sites = np.flatnonzero(fixed)
    medians = np.union1d(assignment, fixed_sites)
    between = costs[np.ix_(anchor[medians], medians)]
    groups: dict[tuple[int, ...], np.ndarray] = {}
    for row in between:
        group = medians[np.argsort(row, kind="stable")[:_TRANSFER_SIZE]]
        groups.setdefault(tuple(sorted(group.tolist())), group)
    for key in list(runs):
        if key not in groups or not runs[key].holds(assignment, groups[key]):
            del runs[key]
    todo = [(key, group) for key, group in groups.items() if key not in runs]
    before = assignment  # the solution every programme starts from; pairs made below replace ``assignment``

    def gain(better: tuple[np.ndarray, np.ndarray] | None) -> tuple[float, np.ndarray, np.ndarray] | None:
        if better is None:
            return None
        clients, sites = better
        return float(costs[clients, before[clients]].sum() - costs[clients, sites].sum()), clients, sites

    solves = 0
    for first in range(0, len(todo), 4 * workers):
        if out_of_time():
            break
        chunk = todo[first : first + 4 * workers]
        futures = [
            pool.submit(
                _solve_neighbourhood,
                costs,
                demand,
                capacity,
                assignment,
                medians,
                group,
                change,
                fixed,
                anchor,
                width,
                _FIRST_SUB_LIMIT_S,
                solver,
            )
            for _, group in chunk
            for change in (1, -1)
        ]
        found = [future.result()[0] for future in futures]
        solves += len(futures)
        for index, (key, group) in enumerate(chunk):
            more, fewer = found[2 * index], found[2 * index + 1]
            own = np.flatnonzero(np.isin(assignment, group))
            clients = (more or fewer or (own, None))[0]
            runs[key] = _TransferRuns(
                own=own,
                clients=clients,
                sites=assignment[clients],
                more=gain(more),
                fewer=gain(fewer),
            )
    additions = sorted(((run.more[0], key) for key, run in runs.items() if run.more), key=lambda t: -t[0])
    removals = sorted(((run.fewer[0], key) for key, run in runs.items() if run.fewer), key=lambda t: -t[0])
    value = objective_of(costs, assignment)
    tol = EPS * max(1.0, abs(value))
    moved = 0
    used: set[tuple[int, ...]] = set()
    for added, key in additions:
        if key in used:
            continue  # its neighbourhood lost a median in an earlier pair
        for removed, other in removals:
            if added + removed <= tol:
                break
            if other in used or set(key).intersection(other):
                continue
            addition, removal = runs[key].more, runs[other].fewer
            assert addition is not None and removal is not None
            if np.intersect1d(addition[1], removal[1]).size:
                continue
            if np.any(assignment[addition[1]] != before[addition[1]]) or np.any(
                assignment[removal[1]] != before[removal[1]]
            ):
                continue  # an earlier pair moved some of these clients
            trial = assignment.copy()
            trial[addition[1]] = addition[2]
            trial[removal[1]] = removal[2]
            trial_value = objective_of(costs, trial)
            if trial_value < value - tol and _feasible(trial, demand, capacity, p, fixed_sites):
                assignment, value = trial, trial_value
                used.update((key, other))
                moved += 1
                break
    return assignment, moved, solves


def _feasible(assignment: np.ndarray, demand: np.ndarray, capacity: np.ndarray, p: int, fixed: np.ndarray) -> bool:
    """Whether ``assignment`` uses at most ``p`` sites with the ``fixed`` ones and fills none beyond its capacity."""
    load = np.bincount(assignment, weights=demand, minlength=capacity.size)
    return bool(
        np.union1d(assignment, fixed).size <= p and np.all(load <= capacity + EPS * max(1.0, float(capacity.max())))
    )


def _solve_neighbourhood(
    costs: np.ndarray,
    demand: np.ndarray,
    capacity: np.ndarray,
    assignment: np.ndarray,
    open_sites: np.ndarray,
    group: np.ndarray,
    spare: int,
    fixed: np.ndarray,
    anchor: np.ndarray,
    width: int,
    time_limit: float,
    solver: SolverFactory | None,
) -> tuple[tuple[np.ndarray, np.ndarray] | None, bool]:
    """The best reassignment HiGHS finds in ``time_limit`` seconds of the clients of ``group``'s
    medians to as many medians among their sites and ``spare`` more (more when the solution uses
    fewer than ``p``, or in a transfer sweep one more or, negative, one fewer), starting from the
    current one when it keeps its medians (None when it found nothing), and whether HiGHS proved
    it the best.

    The sites are the group's medians and those whose nearest client (``anchor``) is one of the
    clients, less the other ``open_sites``; the ``fixed`` ones in the group stay open. Clients
    of other medians that a site here would serve more cheaply join too, free to stay where
    they are (a column at their current cost that takes no capacity here): leaving their median
    only frees its room, so the rest of the solution stays feasible. Each client may go to its
    ``width`` nearest sites here and to its current one.
    """
    open_elsewhere = np.setdiff1d(open_sites, group)
    own = np.flatnonzero(np.isin(assignment, group))
    sites = np.setdiff1d(np.union1d(np.flatnonzero(np.isin(anchor, own)), group), open_elsewhere)
    others = np.flatnonzero(~np.isin(assignment, group))
    gain = costs[others, assignment[others]] - costs[np.ix_(others, sites)].min(axis=1)
    joining = others[gain > EPS]
    joining = joining[np.argsort(-gain[gain > EPS], kind="stable")[: own.size]]
    clients = np.concatenate([own, joining])
    sites = np.setdiff1d(np.union1d(sites, np.flatnonzero(np.isin(anchor, joining))), open_elsewhere)
    n_sites, n_clients, n_join = sites.size, clients.size, joining.size
    sub = costs[np.ix_(clients, sites)]
    stay_cost = costs[joining, assignment[joining]]
    # Pairs: each client's nearest sites and its current one; a joining client only where it gains.
    keep = np.zeros(sub.shape, dtype=bool)
    nearest = np.argsort(sub, axis=1, kind="stable")[:, :width]
    keep[np.arange(n_clients)[:, None], nearest] = True
    keep &= np.isfinite(sub)
    current = np.searchsorted(sites, assignment[own])
    keep[np.arange(own.size), current] = True
    keep[own.size :] &= sub[own.size :] < stay_cost[:, None] - EPS
    pair_client, pair_site = np.nonzero(keep)
    n_pairs = pair_client.size
    # Columns: y (open) per site, x per pair, then "stays where it is" per joining client.
    n_cols = n_sites + n_pairs + n_join
    x = n_sites + np.arange(n_pairs)
    stay = n_sites + n_pairs + np.arange(n_join)
    highs = new_highs(solver, time_limit=time_limit, mip_rel_gap=0.0)
    lower = np.zeros(n_cols)
    lower[:n_sites] = fixed[sites]
    add_columns(
        highs,
        np.concatenate([np.zeros(n_sites), sub[pair_client, pair_site], stay_cost]),
        lower,
        np.ones(n_cols),
        integer=n_cols,
    )
    # Each client served once.
    add_rows(
        highs,
        np.ones(n_clients),
        np.ones(n_clients),
        sp.csr_matrix(
            (np.ones(n_pairs + n_join), (np.r_[pair_client, own.size + np.arange(n_join)], np.r_[x, stay])),
            shape=(n_clients, n_cols),
        ),
    )
    # Capacity of an open site: Σ q x ≤ Q y.
    rows = np.concatenate([pair_site, np.arange(n_sites)])
    cols = np.concatenate([x, np.arange(n_sites)])
    vals = np.concatenate([demand[clients][pair_client], -capacity[sites]])
    add_rows(
        highs,
        np.full(n_sites, -np.inf),
        np.zeros(n_sites),
        sp.csr_matrix((vals, (rows, cols)), shape=(n_sites, n_cols)),
    )
    # A client only at an open site: x ≤ y (the strong form).
    pair = np.arange(n_pairs)
    signs = np.r_[np.ones(n_pairs), -np.ones(n_pairs)]
    link = sp.csr_matrix((signs, (np.r_[pair, pair], np.r_[x, pair_site])), shape=(n_pairs, n_cols))
    add_rows(highs, np.full(n_pairs, -np.inf), np.zeros(n_pairs), link)
    opens = min(group.size + spare, n_sites)
    add_open_count(highs, n_sites, opens)
    start = np.zeros(n_cols)
    start[np.searchsorted(sites, group)] = 1.0
    if opens >= group.size:  # the current solution is a start (none when the neighbourhood loses a median)
        start[np.flatnonzero(start[:n_sites] == 0)[: opens - group.size]] = 1.0
        start[x] = (pair_client < own.size) & (pair_site == current[np.minimum(pair_client, own.size - 1)])
        start[stay] = 1.0
        set_start(highs, start)
    run = run_highs(highs)
    finished = run.status == "Optimal"
    if run.values is None:
        return None, finished
    chosen = run.values[x] > 0.5
    new_site = np.full(n_clients, -1, dtype=np.int64)
    new_site[pair_client[chosen]] = sites[pair_site[chosen]]
    stays = run.values[stay] > 0.5
    new_site[own.size :][stays] = assignment[joining[stays]]
    if (new_site < 0).any():
        return None, finished
    return (clients, new_site), finished
