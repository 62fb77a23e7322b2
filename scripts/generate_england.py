#!/usr/bin/env python3
"""Build an ILLUSTRATIVE inputs folder for all of England at school level (default outputs/england/).

From the real January 2023 school census by school (../shared/data/england_schools_2022/) and the published LA
pupils and births (../shared/data/england_la/) this script makes, in the file formats of the embedded default
dataset in inputs/ (see inputs/README.md and docs/england.md):

- schools.csv: every state-funded primary and secondary school in England (real URN, name and phase; PANs and net
  capacities ILLUSTRATIVE, set from the real rolls by the rules of scripts/generate_inputs.py); AP schools' pupils
  are counted in the areas (as LA pupils count them) but AP schools are not listed, as for Southampton;
- planning_areas.csv: an ILLUSTRATIVE grouping of each LA's schools into primary and secondary planning areas by
  postcode (about --areas areas in all);
- pupils.csv (2011-2022, R-13), births.csv, school_rolls.csv (2011-2022): the real 2022/23 rolls, and earlier years
  back-cast with seeded noise so that the areas of each LA add up exactly to the published LA figures;
- transfer.csv and housing.csv: ILLUSTRATIVE;
- planning.yaml, finance.yaml and yields.yaml copied from inputs/.

    python3 scripts/generate_england.py                       # all of England into outputs/england/
    python3 scripts/generate_england.py --areas 20000         # about one school per planning area
    python3 scripts/generate_england.py --las 1 --out /tmp/e1 # the first LA only

Python 3 standard library only. Output is byte-identical for a given seed and options.
"""

import argparse
import bisect
import math
import re
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_inputs as city  # noqa: E402  (helpers shared with the default-city generator)
from generate_inputs import (  # noqa: E402
    CENSUS_PHASES, CENSUS_YEAR, OVER_ADMISSION, PRIMARY_GROUPS, SECONDARY_GROUPS, SIXTH_FORM_GROUPS, YEAR_GROUPS,
    Part, apportion, ceil_to, csv_text, read_csv, stream, write_atomic, year_index,
)

# The same year_index as generate_inputs.py, as a dict lookup (its helpers call it millions of times here).
_YEAR_INDEX = {g: i for i, g in enumerate(YEAR_GROUPS)}
city.year_index = year_index = _YEAR_INDEX.__getitem__

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SCHOOLS = REPO.parent / "shared" / "data" / "england_schools_2022"
DEFAULT_LA = REPO.parent / "shared" / "data" / "england_la"
DEFAULT_OUT = REPO / "outputs" / "england"
MARKER = "GENERATED_BY"
MARKER_TEXT = "scripts/generate_england.py\n"
SETTINGS = ("planning.yaml", "finance.yaml", "yields.yaml")

PUPIL_YEARS = range(2011, CENSUS_YEAR + 1)
ROLL_YEARS = PUPIL_YEARS  # school rolls are back-cast over the whole pupils history
BIRTH_YEARS = range(1992, CENSUS_YEAR + 1)
HOUSING_HISTORY = range(2011, CENSUS_YEAR + 1)
HOUSING_PLAN = range(CENSUS_YEAR + 1, CENSUS_YEAR + 12)
PRIMARY_SHARE = 2 / 3  # share of the planning areas that are primary

# LAs reorganised inside 2011-2022: successors (2022 codes) -> (predecessor codes, first year of the successors).
# The predecessors cover exactly the same ground as the successors together (england_la/README.md).
REORGANISED = {
    ("E06000058", "E06000059"): (("E06000028", "E06000029", "E10000009"), 2019),  # BCP and Dorset
    ("E06000061", "E06000062"): (("E10000021",), 2021),  # North and West Northamptonshire
}

# Natural top year groups of a school part (a part that stops elsewhere and starts at an entry year group is still
# filling up from its first intake): infant, first and primary schools; secondary schools.
NATURAL_TOPS = {"primary": ("2", "4", "5", "6"), "secondary": ("8", "11", "13")}

COHORT_NOISE = city.COHORT_NOISE
CELL_NOISE = city.CELL_NOISE
BIRTH_NOISE = city.BIRTH_NOISE
SCHOOL_EFFECT_NOISE = city.SCHOOL_EFFECT_NOISE
SCHOOL_YEAR_NOISE = city.SCHOOL_YEAR_NOISE
HOUSING_NOISE = city.HOUSING_NOISE
PLANNED_HOUSING_NOISE = city.PLANNED_HOUSING_NOISE
HOUSING_AREA_NOISE = 0.5  # sd of an area's persistent log share of its LA's completions
SOUTHAMPTON = "E06000045"  # the city whose completions (600-1000 a year) set the scale
TRANSFER_MIN_SHARE = 0.005
OWN_AUTHORITY_TYPES = ("studio schools", "university technical college", "city technology college")


class Stop(Exception):
    """A failed check: the generator stops with this message and writes nothing."""


def require(condition, message):
    """Raise Stop(message) unless condition holds."""
    if not condition:
        raise Stop(message)


# ---------------------------------------------------------------- sources


def postcode_key(postcode):
    """Sort key of a postcode: (area letters, district number, district suffix, sector digit, unit)."""
    if postcode.strip().upper() in ("", "NULL"):
        return NO_POSTCODE  # a few new schools have none in the census: placed last in their LA's order
    out, _, inward = postcode.strip().upper().partition(" ")
    m = re.fullmatch(r"([A-Z]+)(\d+)([A-Z]?)", out)
    require(m and inward, f"postcode {postcode!r} is not of the form 'AB12 3CD'")
    return (m[1], int(m[2]), m[3], inward[:1], inward[1:])


NO_POSTCODE = ("ZZ", 9999, "", "", "")


def district(key):
    """The outward code (postcode district) of a postcode key, e.g. 'SO16'."""
    if key == NO_POSTCODE:
        return "no postcode"
    return f"{key[0]}{key[1]}{key[2]}"


def load_la(folder, codes):
    """LA names {code: name}, LA pupils {(code, year, group): n} for R-13, births {(code, year): n}, and the 2022
    LA codes `codes` with pupils in every year 2011-2022 (successors of reorganised LAs back-filled)."""
    names = {r["area_code"]: r["area_name"] for r in read_csv(folder / "areas.csv")}
    raw = {}
    for r in read_csv(folder / "pupils.csv"):
        if r["year_group"] in YEAR_GROUPS and int(r["year"]) in PUPIL_YEARS:
            raw[(r["area_code"], int(r["year"]), r["year_group"])] = int(r["pupils"])
    births = {(r["area_code"], int(r["year"])): int(r["births"]) for r in read_csv(folder / "births.csv")
              if int(r["year"]) in BIRTH_YEARS}
    pupils = {}
    for code in codes:
        for year in PUPIL_YEARS:
            for group in YEAR_GROUPS:
                if (code, year, group) in raw:
                    pupils[(code, year, group)] = raw[(code, year, group)]
    for successors, (predecessors, first) in REORGANISED.items():
        if not any(c in codes for c in successors):
            continue
        require(all(c in codes for c in successors), f"{successors}: take both successor LAs (--las)")
        for year in range(min(PUPIL_YEARS), first):
            for group in YEAR_GROUPS:
                total = sum(raw.get((p, year, group), 0) for p in predecessors)
                # ILLUSTRATIVE: the predecessors' published total shared by the successors' first-year figures.
                weights = [raw.get((s, first, group), 0) for s in successors]
                if not sum(weights):
                    weights = [1] * len(successors)
                for s, n in zip(successors, apportion(total, weights)):
                    pupils[(s, year, group)] = n
    for code in codes:
        for year in PUPIL_YEARS:
            for group in YEAR_GROUPS:
                pupils.setdefault((code, year, group), 0)  # a year group the LA never had (City of London 7-13)
        for year in BIRTH_YEARS:
            require((code, year) in births, f"no births for {code} {year}")
    return names, pupils, births


def authority(school):
    """Admission authority, as scripts/generate_inputs.py sets it; studio schools, UTCs and CTCs are academies."""
    if school["establishment_type"].lower().startswith(OWN_AUTHORITY_TYPES):
        return "own"
    return city.authority(school)


# ---------------------------------------------------------------- schools


def top_groups(taught):
    """First and last year group index of a list of taught year groups."""
    idx = [year_index(g) for g in taught]
    return min(idx), max(idx)


def real_schools(source, census, seed):
    """The real schools: (school rows, roll parts).

    Like generate_inputs.real_schools: a school with pupils in both R-6 and 7-13 is all-through (also middle
    schools, e.g. Years 5-8), AP schools only give parts. A part that starts at its entry year group (R or 7) and
    stops before a natural top is still filling up (growing_from its first intake year); its school keeps the
    full range. Each part also carries its LA and postcode key.
    """
    rng = stream(seed, "capacity")
    rows, parts = [], []
    for s in source:
        kind = CENSUS_PHASES.get(s["phase"])
        if kind not in ("primary", "secondary", "ap"):
            continue  # special schools, nurseries, non-maintained special schools are left out
        urn = s["urn"]
        rolls = {g: census.get((urn, g), 0) for g in YEAR_GROUPS}
        by_phase = {
            "primary": {g: rolls[g] for g in PRIMARY_GROUPS if rolls[g]},
            "secondary": {g: rolls[g] for g in SECONDARY_GROUPS if rolls[g]},
        }
        key = postcode_key(s["postcode"])
        phases = [p for p in ("primary", "secondary") if by_phase[p]]
        if not phases:
            continue  # no pupils in R-13 (e.g. Year 14 only, or none)
        if kind == "ap":
            for p in phases:
                part = Part(urn, p, None, by_phase[p], follows_cohorts=False)
                part.la, part.key, part.ap, part.adopted = s["area_code"], key, True, set()
                parts.append(part)
            continue
        phase = phases[0] if len(phases) == 1 else "all-through"
        middle = "primary" in phases and year_index(min(by_phase["primary"], key=year_index)) > 0
        pans, counts, growing, tops = {}, {}, {}, {}
        for p in phases:
            taught = sorted(by_phase[p], key=year_index)
            first, top = top_groups(taught)
            entry = 0 if p == "primary" else 7
            growing_from = None
            natural = NATURAL_TOPS[p] if p == "primary" else (("7", "8", "9", "10", "11", "12", "13") if middle
                                                              else NATURAL_TOPS[p])
            if first == entry and YEAR_GROUPS[top] not in natural:
                growing_from = CENSUS_YEAR - (top - first)
            part = Part(urn, p, None, by_phase[p], growing_from)
            part.la, part.key, part.ap, part.adopted = s["area_code"], key, False, set()
            parts.append(part)
            if growing_from is not None:
                growing[taught[0]] = growing_from
            # Natural top of the part: its census top, or (filling up) 6 / 11, 13 with a sixth form.
            if growing_from is None:
                tops[p] = top
            else:
                tops[p] = 6 if p == "primary" else (13 if any(g in SIXTH_FORM_GROUPS for g in taught) else 11)
            # PAN: as generate_inputs.py, over the main (non-sixth-form) year groups, or the sixth form alone.
            main = [g for g in taught if g not in SIXTH_FORM_GROUPS] or taught
            pans[p] = ceil_to(max([by_phase[p][main[0]]] + [by_phase[p][g] - OVER_ADMISSION for g in main]), 15)
            # Year groups taught when full (sixth form apart): first to natural top, at most Year 11.
            counts[p] = max(0, min(tops[p], 6 if p == "primary" else 11) - year_index(main[0]) + 1)
        sixth = sum(by_phase["secondary"].get(g, 0) for g in SIXTH_FORM_GROUPS)
        sixth_places = ceil_to(1.25 * sixth, 10) if sixth else 0
        net = sum(pans[p] * counts[p] + rng.randint(0, 2 * max(counts[p], 1)) for p in phases) + sixth_places
        net = max(net, sum(rolls.values()))  # never below the 2022/23 roll (over-admitted year groups)
        first_group = next(g for g in YEAR_GROUPS if rolls[g])
        last_group = YEAR_GROUPS[tops[phases[-1]]]
        defaults = {"primary": ("R", "6"), "secondary": ("7", "13"), "all-through": ("R", "13")}[phase]
        rows.append(dict(
            id=urn, name=s["school_name"], phase=phase, la=s["area_code"], key=key,
            first=first_group if first_group != defaults[0] else None,
            last=last_group if last_group != defaults[1] else None,
            pan=pans.get("primary", pans.get("secondary")),
            secondary_pan=pans["secondary"] if phase == "all-through" else None,
            net_capacity=net, authority=authority(s), growing=growing,
            area=None, secondary_area=None))
    return rows, parts


# ---------------------------------------------------------------- planning areas


def partition(units, k):
    """Split units [(postcode key, id)], sorted, into k contiguous groups of about equal size.

    Atoms are postcode districts, or sectors, or whole postcodes: the coarsest level with at least k atoms, so
    that no atom is split and schools sharing a postcode stay together. Returns a list of lists of unit indices.
    """
    for level in (3, 4, 5):
        atoms = []
        for i, (key, _) in enumerate(units):
            if atoms and units[atoms[-1][0]][0][:level] == key[:level]:
                atoms[-1].append(i)
            else:
                atoms.append([i])
        if len(atoms) >= k:
            break
    k = max(1, min(k, len(atoms)))
    cumulative = []
    total = 0
    for a in atoms:
        total += len(a)
        cumulative.append(total)
    cuts, last = [], 0  # cut before atom index c
    for j in range(1, k):
        target = j * total / k
        c = bisect.bisect_left(cumulative, target) + 1
        if c - 1 >= 1 and abs(cumulative[c - 2] - target) <= abs(cumulative[c - 1] - target):
            c -= 1
        c = min(max(c, last + 1), len(atoms) - (k - j))
        cuts.append(c)
        last = c
    bounds = [0] + cuts + [len(atoms)]
    return [[i for a in atoms[bounds[j]:bounds[j + 1]] for i in a] for j in range(k)]


def area_counts(units_by, target):
    """Number of planning areas {(la, phase): k}: about `target` in all, PRIMARY_SHARE of them primary, shared
    among the LAs by their number of schools, at least 1 and at most one per distinct postcode."""

    def share(phase, total):
        keys = sorted(k for k in units_by if k[1] == phase)
        weights = [len(units_by[k]) for k in keys]
        counts = apportion(total, weights) if sum(weights) else [0] * len(keys)
        return {k: max(1, min(n, len({u[0] for u in units_by[k]}))) for k, n in zip(keys, counts)}

    secondary = share("secondary", round(target * (1 - PRIMARY_SHARE)))
    primary = share("primary", max(1, target - sum(secondary.values())))
    return {**primary, **secondary}


def make_areas(schools, parts, la_names, target):
    """Planning areas [(code, name, phase, la)]; sets each part's and school's area(s)."""
    mainstream = [p for p in parts if not p.ap]
    units_by = defaultdict(list)
    for p in mainstream:
        units_by[(p.la, p.phase)].append((p.key, p.urn))
    for units in units_by.values():
        units.sort()
    counts = area_counts(units_by, target)
    areas, area_of_unit, sorted_units = [], {}, {}
    for (la, phase), units in sorted(units_by.items()):
        groups = partition(units, counts[(la, phase)])
        letter = "P" if phase == "primary" else "S"
        width = max(2, len(str(len(groups))))
        for n, group in enumerate(groups, 1):
            code = f"{la}-{letter}{n:0{width}d}"
            first, last = district(units[group[0]][0]), district(units[group[-1]][0])
            span = first if first == last else f"{first}-{last}"
            areas.append((code, f"{la_names[la]} {span} {phase} (illustrative)", phase, la))
            for i in group:
                area_of_unit[(units[i][1], phase)] = code
        sorted_units[(la, phase)] = [(u[0], area_of_unit[(u[1], phase)]) for u in units]
    for p in mainstream:
        p.area = area_of_unit[(p.urn, p.phase)]
    for p in parts:
        if p.ap:  # the area of the nearest mainstream school of the phase in postcode order
            units = sorted_units.get((p.la, p.phase))
            require(units, f"AP school {p.urn} ({p.la}) has {p.phase} pupils but the LA has no {p.phase} school")
            i = min(bisect.bisect_left(units, (p.key, "")), len(units) - 1)
            p.area = units[i][1]
    for s in schools:
        phase = "primary" if s["phase"] in ("primary", "all-through") else "secondary"
        s["area"] = area_of_unit[(s["id"], phase)]
        if s["phase"] == "all-through":
            s["secondary_area"] = area_of_unit[(s["id"], "secondary")]
    return areas


# ---------------------------------------------------------------- pupils, rolls and births


def weight(part, year, group, relaxed=False):
    """Expected pupils of a part (city.part_weight); `relaxed` ignores cohorts and first intakes (used only when
    no school of an LA would otherwise hold a published count); adopted year groups use the Year 11 roll."""
    if group in part.adopted:
        return part.rolls.get("11", 0) or 1
    if relaxed:
        return part.rolls.get(group, 0)
    return city.part_weight(part, year, group)


def adopt_orphans(la_pupils, parts, las):
    """Year groups an LA had pupils in before 2022 that none of its 2022 schools teaches (sixth forms closed in
    Tameside and Bury): given to the LA's mainstream schools with a Year 11, weighted by it, and those schools'
    ranges run to Year 13. Returns {urn: set of adopted groups}."""
    adopted = defaultdict(set)
    for la in las:
        for phase, groups in (("primary", PRIMARY_GROUPS), ("secondary", SECONDARY_GROUPS)):
            la_parts = [p for p in parts if p.la == la and p.phase == phase]
            for group in groups:
                if any(la_pupils[(la, y, group)] for y in PUPIL_YEARS) and not any(p.taught(group) for p in la_parts):
                    holders = [p for p in la_parts if not p.ap and p.taught("11")]
                    require(holders, f"{la}: published Year {group} pupils but no school to hold them")
                    for p in holders:
                        p.adopted.add(group)
                        adopted[p.urn].add(group)
    return adopted


def split_pupils(la_pupils, parts, areas, seed):
    """Area pupils {(area, year, group): n} and part rolls {(urn, phase, year, group): n}, as
    generate_inputs.split_pupils, for every LA and every year 2011-2022 (school rolls included)."""
    area_pupils, part_rolls = {}, {}
    by_area = defaultdict(list)
    for p in parts:
        by_area[p.area].append(p)
    codes_of = defaultdict(list)
    for code, _, phase, la in areas:
        codes_of[(la, phase)].append(code)
    for (la, phase), codes in sorted(codes_of.items()):
        rng = stream(seed, f"pupils/{la}/{phase}")
        groups = PRIMARY_GROUPS if phase == "primary" else SECONDARY_GROUPS
        school_effect = {(p.urn, p.phase): rng.gauss(0, SCHOOL_EFFECT_NOISE) for c in codes for p in by_area[c]}
        cohort_effect = {}
        for code in codes:
            for group in groups:
                area_pupils[(code, CENSUS_YEAR, group)] = sum(p.rolls.get(group, 0) for p in by_area[code])
                for p in by_area[code]:
                    if p.taught(group):
                        part_rolls[(p.urn, phase, CENSUS_YEAR, group)] = p.rolls[group]
        for year in PUPIL_YEARS[:-1]:
            for group in groups:
                total = la_pupils[(la, year, group)]
                relaxed = False
                held = [[(p, weight(p, year, group)) for p in by_area[c]] for c in codes]
                base = [sum(w for _, w in h) for h in held]
                if total and not sum(base):
                    relaxed = True
                    held = [[(p, weight(p, year, group, True)) for p in by_area[c]] for c in codes]
                    base = [sum(w for _, w in h) for h in held]
                require(sum(base) or not total, f"{la} {year} Year {group}: {total} pupils and no school")
                weights = []
                for code, b in zip(codes, base):
                    key = (code, year - year_index(group) if group not in SIXTH_FORM_GROUPS else year)
                    if key not in cohort_effect:
                        cohort_effect[key] = rng.gauss(0, COHORT_NOISE)
                    weights.append(b * math.exp(cohort_effect[key] + rng.gauss(0, CELL_NOISE)) if b else 0)
                counts = apportion(total, weights) if total else [0] * len(codes)
                for code, n, h in zip(codes, counts, held):
                    area_pupils[(code, year, group)] = n
                    holders = [(p, w) for p, w in h if w > 0]
                    if not n or not holders:
                        continue
                    school_weights = [w * math.exp(school_effect[(p.urn, p.phase)] + rng.gauss(0, SCHOOL_YEAR_NOISE))
                                      for p, w in holders]
                    for (p, _), m in zip(holders, apportion(n, school_weights)):
                        if m:
                            part_rolls[(p.urn, phase, year, group)] = m
    return area_pupils, part_rolls


def primary_codes_by_la(areas):
    """[(la, [primary area codes in the order of `areas`])], sorted by LA code."""
    codes_of = defaultdict(list)
    for code, _, phase, la in areas:
        if phase == "primary":
            codes_of[la].append(code)
    return sorted(codes_of.items())


def split_births(la_births, area_pupils, areas, seed):
    """Births {(area, year): n}: each LA's births shared among its primary areas like their Reception four years
    on (the nearest pupil year outside 2011-2022), with seeded noise, adding up exactly."""
    out = {}
    for la, codes in primary_codes_by_la(areas):
        rng = stream(seed, f"births/{la}")
        for year in BIRTH_YEARS:
            reception_year = min(max(year + 4, min(PUPIL_YEARS)), CENSUS_YEAR)
            weights = [area_pupils[(c, reception_year, "R")] * math.exp(rng.gauss(0, BIRTH_NOISE)) for c in codes]
            if not sum(weights):
                weights = [1] * len(codes)
            for code, n in zip(codes, apportion(la_births[(la, year)], weights)):
                out[(code, year)] = n
    return out


# ---------------------------------------------------------------- transfer and housing


def build_transfer(areas, parts, la_pupils, area_pupils):
    """Year 6 -> Year 7 shares {(primary area, secondary area): share} inside each LA (ILLUSTRATIVE).

    Each primary area sends to the LA's secondary areas in proportion to their 2022/23 Year 7, damped by the
    distance between the areas' mean positions in the LA's postcode order; the shares of a primary area add up to
    the LA's Year 7 (2022) / Year 6 (2021) ratio, at most 0.99, rounded down to 3 decimals. Every secondary area
    gets a row from at least one primary area (share 0 for one without Year 7 intake, such as a UTC).
    """
    positions = defaultdict(list)
    by_la = defaultdict(list)
    for p in parts:
        if not p.ap:
            by_la[p.la].append((p.key, p.urn, p.phase, p.area))
    for la, units in by_la.items():
        units.sort()
        for rank, (_, _, _, area) in enumerate(units):
            positions[area].append(rank)
    pos = {a: sum(r) / len(r) for a, r in positions.items()}
    codes_of = defaultdict(list)
    for code, _, phase, la in areas:
        codes_of[(la, phase)].append(code)
    la_out = {}
    for la in sorted({a[3] for a in areas}):
        out = la_out[la] = {}
        prim, sec = codes_of[(la, "primary")], codes_of[(la, "secondary")]
        if not sec:
            continue
        year6 = la_pupils[(la, CENSUS_YEAR - 1, "6")]
        ratio = min(0.99, la_pupils[(la, CENSUS_YEAR, "7")] / year6) if year6 else 0.0
        scale = max(1.0, len(by_la[la]) / (2 * len(sec)))
        intake = {s: area_pupils[(s, CENSUS_YEAR, "7")] for s in sec}
        for p in prim:
            w = {s: intake[s] * math.exp(-abs(pos[p] - pos[s]) / scale) for s in sec}
            total = sum(w.values())
            if not total:
                continue
            shares = {s: math.floor(1000 * ratio * x / total) / 1000 for s, x in w.items()}
            best = max(sec, key=lambda s: (shares[s], s))
            for s, x in shares.items():
                if x >= TRANSFER_MIN_SHARE or (s == best and x > 0):
                    out[(p, s)] = x
        served = {s for (_, s) in out}
        for s in sec:
            if s not in served and prim:
                # An area with no Year 7 of its own still needs a row (the engine asks for one for every secondary
                # area with Year 7 rows): share 0 for an area without Year 7 intake (UTCs, upper schools), else 0.01.
                p = min(prim, key=lambda a: (abs(pos[a] - pos[s]), a))
                out[(p, s)] = 0.01 if intake[s] else 0.0
                mine = [(p, x) for x in sec if (p, x) in out]
                biggest = max((k for k in mine if k[1] != s), key=lambda k: (out[k], k), default=None)
                if biggest and sum(out[k] for k in mine) > 1:
                    out[biggest] = round(out[biggest] - 0.01, 3)
    return {k: v for out in la_out.values() for k, v in out.items()}


def build_housing(areas, la_pupils, area_pupils, seed):
    """Completed dwellings {(area, year): n} for primary areas, 2011-2033 (ILLUSTRATIVE), as
    generate_inputs.build_housing, with each LA's totals scaled by its pupils relative to Southampton's."""
    def size(la):
        return sum(la_pupils.get((la, CENSUS_YEAR, g), 0) for g in YEAR_GROUPS)

    reference = SOUTHAMPTON_PUPILS
    out = {}
    for la, codes in primary_codes_by_la(areas):
        rng = stream(seed, f"housing/{la}")
        scale = size(la) / reference
        base = [max(1, sum(area_pupils[(c, CENSUS_YEAR, g)] for g in PRIMARY_GROUPS)) for c in codes]
        history = [math.log(b) + rng.gauss(0, HOUSING_AREA_NOISE) for b in base]
        planned = [math.log(b) + rng.gauss(0, HOUSING_AREA_NOISE) for b in base]
        for year in list(HOUSING_HISTORY) + list(HOUSING_PLAN):
            if year in HOUSING_HISTORY:
                total = round(scale * rng.randint(600, 1000))
                logs = [x + rng.gauss(0, HOUSING_NOISE) for x in history]
            else:
                total = round(scale * (850 + 15 * (year - min(HOUSING_PLAN)) + rng.randint(-40, 40)))
                logs = [x + rng.gauss(0, PLANNED_HOUSING_NOISE) for x in planned]
            top = max(logs)
            for code, n in zip(codes, apportion(total, [math.exp(x - top) for x in logs])):
                out[(code, year)] = n
    return out


SOUTHAMPTON_PUPILS = None  # set in main from the LA pupils file (Southampton's 2022/23 R-13 pupils)


# ---------------------------------------------------------------- checks and output


def school_ranges(schools, adopted):
    """{urn: (first index, last index)} of every school, adopted sixth-form year groups included."""
    default = {"primary": ("R", "6"), "secondary": ("7", "13"), "all-through": ("R", "13")}
    out = {}
    for s in schools:
        first = year_index(s["first"] or default[s["phase"]][0])
        last = year_index(s["last"] or default[s["phase"]][1])
        if adopted.get(s["id"]):
            last = max(last, max(year_index(g) for g in adopted[s["id"]]))
            s["last"] = YEAR_GROUPS[last] if YEAR_GROUPS[last] != default[s["phase"]][1] else None
        out[s["id"]] = (first, last)
    return out


def roll_rows(schools, ranges, part_rolls):
    """school_rolls.csv rows {(urn, year, group): n}: every year group a school teaches in every year 2011-2022,
    zeros included, except a zero entry-year row before a filling-up school's first intake."""
    rolls = {}
    for s in schools:
        first, last = ranges[s["id"]]
        for year in ROLL_YEARS:
            for group in YEAR_GROUPS[first:last + 1]:
                phase = "primary" if group in PRIMARY_GROUPS else "secondary"
                n = part_rolls.get((s["id"], phase, year, group), 0)
                if n == 0 and year < s["growing"].get(group, year):
                    continue
                rolls[(s["id"], year, group)] = n
    return rolls


def check(la_pupils, la_births, las, areas, pupils, births, schools, parts, part_rolls, rolls, ranges, transfer,
          housing):
    """Stop unless the split reproduces the published totals and the real rolls and is well formed."""
    codes_of = defaultdict(list)
    for code, _, phase, la in areas:
        codes_of[(la, phase)].append(code)
    for la in las:
        for year in PUPIL_YEARS:
            for phase, groups in (("primary", PRIMARY_GROUPS), ("secondary", SECONDARY_GROUPS)):
                for group in groups:
                    got = sum(pupils[(c, year, group)] for c in codes_of[(la, phase)])
                    if got != la_pupils[(la, year, group)]:
                        raise Stop(f"{la} {year} Year {group}: areas add up to {got}, "
                                   f"LA pupils {la_pupils[(la, year, group)]}")
        for year in BIRTH_YEARS:
            got = sum(births[(c, year)] for c in codes_of[(la, "primary")])
            require(got == la_births[(la, year)], f"{la} births {year}: areas {got}, LA {la_births[(la, year)]}")
    # 2022/23: the real census rolls of the LA's primary, secondary and AP schools are its published pupils.
    real = defaultdict(int)
    for p in parts:
        for g, n in p.rolls.items():
            real[(p.la, g)] += n
    for la in las:
        for g in YEAR_GROUPS:
            require(real[(la, g)] == la_pupils[(la, CENSUS_YEAR, g)],
                    f"{la} 2022/23 Year {g}: school census {real[(la, g)]}, LA pupils {la_pupils[(la, CENSUS_YEAR, g)]}")
    # Every area's pupils are its schools' rolls (AP parts included), every year and year group.
    area_of = {(p.urn, p.phase): p.area for p in parts}
    held = defaultdict(int)
    for (urn, phase, year, group), n in part_rolls.items():
        held[(area_of[(urn, phase)], year, group)] += n
    for key, n in pupils.items():
        if held[key] != n:
            raise Stop(f"{key}: school rolls {held[key]}, area pupils {n}")
    # school_rolls.csv holds every mainstream roll, inside the school's year groups.
    listed = {s["id"] for s in schools}
    for (urn, phase, year, group), n in part_rolls.items():
        if urn in listed:
            first, last = ranges[urn]
            if rolls.get((urn, year, group)) != n or not first <= year_index(group) <= last:
                raise Stop(f"school {urn} {year} Year {group}: roll {n} not written inside its year groups")
    for values in (pupils.values(), births.values(), rolls.values(), housing.values()):
        require(all(isinstance(n, int) and n >= 0 for n in values), "a count is negative or not an integer")
    from_area = defaultdict(float)
    area_la = {a[0]: (a[3], a[2]) for a in areas}
    for (p, s), x in transfer.items():
        require(0 <= x <= 1, f"transfer {p}->{s}: share {x}")
        require(area_la[p][0] == area_la[s][0] and area_la[p][1] == "primary" and area_la[s][1] == "secondary",
                f"transfer {p}->{s}: not primary to secondary in one LA")
        from_area[p] += x
    require(all(t <= 1 + 1e-9 for t in from_area.values()), "transfer shares from a primary area add up to > 1")
    into = {s for _, s in transfer}
    primary_las = {a[3] for a in areas if a[2] == "primary"}
    for code, _, phase, la in areas:
        if phase == "secondary" and la in primary_las:
            require(code in into, f"secondary area {code} has no transfer row into it")
    for s in schools:
        require(s["pan"] > 0 and s["pan"] % 15 == 0, f"school {s['id']}: PAN {s['pan']}")
        require(s["net_capacity"] > 0, f"school {s['id']}: net capacity {s['net_capacity']}")
        if s["secondary_pan"] is not None:
            require(s["secondary_pan"] > 0 and s["secondary_pan"] % 15 == 0, f"school {s['id']}: secondary PAN")
    for p in parts:
        if p.ap or p.growing_from is not None:
            continue
        s = SCHOOL_BY_ID[p.urn]
        entry = min(p.rolls, key=year_index)
        pan = s["secondary_pan"] if p.phase == "secondary" and s["secondary_pan"] else s["pan"]
        require(pan >= p.rolls[entry], f"school {p.urn}: PAN {pan} below its {CENSUS_YEAR} intake")


SCHOOL_BY_ID = {}


def write_folder(out, areas, pupils, births, schools, rolls, transfer, housing, readme):
    """Write every file of the folder through a temporary file and a rename; returns {name: data rows}."""
    names = {a[0]: a[1] for a in areas}
    order = ("primary", "all-through", "secondary")
    files = {
        "planning_areas.csv": (("area_code", "area_name", "phase", "la_code"), sorted(areas)),
        "pupils.csv": (("area_code", "area_name", "year", "year_group", "pupils"),
                       [(a, names[a], y, g, n) for (a, y, g), n in
                        sorted(pupils.items(), key=lambda kv: (kv[0][0], kv[0][1], year_index(kv[0][2])))]),
        "births.csv": (("area_code", "year", "births"), [(*k, n) for k, n in sorted(births.items())]),
        "schools.csv": (
            ("school_id", "school_name", "phase", "area_code", "pan", "net_capacity", "admission_authority",
             "secondary_pan", "first_year_group", "last_year_group", "secondary_area_code"),
            [(s["id"], s["name"], s["phase"], s["area"], s["pan"], s["net_capacity"], s["authority"],
              s["secondary_pan"] or "", s["first"] or "", s["last"] or "", s["secondary_area"] or "")
             for s in sorted(schools, key=lambda s: (order.index(s["phase"]), s["area"], int(s["id"])))]),
        "school_rolls.csv": (("school_id", "year", "year_group", "pupils"),
                             [(*k, n) for k, n in sorted(rolls.items(),
                                                         key=lambda kv: (int(kv[0][0]), kv[0][1], year_index(kv[0][2])))]),
        "transfer.csv": (("from_area", "to_area", "share"), [(p, s, f"{x:.3f}") for (p, s), x in sorted(transfer.items())]),
        "housing.csv": (("area_code", "year", "dwellings"), [(*k, n) for k, n in sorted(housing.items())]),
    }
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / MARKER, MARKER_TEXT)
    for name, (header, rows) in files.items():
        write_atomic(out / name, csv_text(header, rows))
    for name in SETTINGS:
        write_atomic(out / name, (city.INPUTS / name).read_text(encoding="utf-8"))
    write_atomic(out / "README.md", readme)
    return {name: len(rows) for name, (_, rows) in files.items()}


README = """# England by school (ILLUSTRATIVE inputs for PlacePlanning)

Generated by `scripts/generate_england.py --seed {seed} --areas {areas}{las}` (see `docs/england.md` in the
PlacePlanning repository). Do not edit: rerun the generator.

**Real:** the schools (URN as `school_id`, name, phase), their pupils by year group in the January 2023 school
census (2022/23, `year` 2022 in `school_rolls.csv`), each LA's pupils by year group 2011/12-2022/23 and each LA's
births (mid-years 1992-2022), which the areas add up to exactly.

**ILLUSTRATIVE (not real):** the planning areas (grouped by postcode order, not any LA's real planning areas), the
split of earlier years' pupils among areas and schools (2011/12-2021/22, seeded back-cast), the split of births
among areas, PANs and net capacities (set from the real rolls), admission authorities (from establishment type),
Year 6 to Year 7 transfer shares, housing completions, and for Bournemouth, Christchurch and Poole, Dorset, North
and West Northamptonshire the years before their reorganisation (the predecessor LAs' published totals shared out
by the successors' first-year figures). AP schools' pupils are in the area pupils but AP schools are not in
`schools.csv`; special schools and nurseries are left out.

Sources: Department for Education, "Schools, pupils and their characteristics" (school-level January 2023 census
and LA pupils by national curriculum year group); Office for National Statistics, live births by mother's usual
residence. Contains public sector information licensed under the Open Government Licence v3.0.

{summary}
"""


def main():
    """Parse the options, build, check and write the folder, print a summary."""
    global SOUTHAMPTON_PUPILS
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2026, help="seed of the illustrative parts (default 2026)")
    parser.add_argument("--areas", type=int, default=2000, help="target number of planning areas (default 2000)")
    parser.add_argument("--las", type=int, default=None, help="only the first K LAs by area code")
    parser.add_argument("--schools-from", metavar="DIR", default=str(DEFAULT_SCHOOLS),
                        help="england_schools_2022 folder (default ../shared/data/england_schools_2022)")
    parser.add_argument("--la-from", metavar="DIR", default=str(DEFAULT_LA),
                        help="england_la folder (default ../shared/data/england_la)")
    parser.add_argument("--out", metavar="DIR", default=str(DEFAULT_OUT), help="output folder (default outputs/england)")
    args = parser.parse_args()
    out = Path(args.out)
    try:
        if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
            raise Stop(f"{out} is not empty and was not made by this generator (no {MARKER}); choose another --out")
        require(args.areas > 0, "--areas must be positive")
        schools_dir, la_dir = Path(args.schools_from), Path(args.la_from)
        source = sorted(read_csv(schools_dir / "schools.csv"), key=lambda r: int(r["urn"]))
        las = sorted({r["area_code"] for r in source if CENSUS_PHASES.get(r["phase"]) in ("primary", "secondary", "ap")})
        if args.las is not None:
            require(args.las > 0, "--las must be positive")
            las = las[:args.las]
            for successors in REORGANISED:  # keep both successors of a reorganisation together
                if any(c in las for c in successors):
                    las = sorted(set(las) | set(successors))
        # --areas sets the granularity for all of England: a subset of LAs gets its share of the target.
        def mainstream(rows):
            return sum(CENSUS_PHASES.get(r["phase"]) in ("primary", "secondary") for r in rows)

        everywhere = mainstream(source)
        source = [r for r in source if r["area_code"] in las]
        target = max(1, round(args.areas * mainstream(source) / everywhere))
        urns = {r["urn"] for r in source}
        census = {(r["urn"], r["year_group"]): int(r["pupils"]) for r in read_csv(schools_dir / "pupils_by_school.csv")
                  if r["urn"] in urns and r["year_group"] in YEAR_GROUPS}
        la_names, la_pupils_all, la_births = load_la(la_dir, las + [SOUTHAMPTON])
        SOUTHAMPTON_PUPILS = sum(la_pupils_all[(SOUTHAMPTON, CENSUS_YEAR, g)] for g in YEAR_GROUPS)
        la_pupils = {k: v for k, v in la_pupils_all.items() if k[0] in las}

        schools, parts = real_schools(source, census, args.seed)
        SCHOOL_BY_ID.update({s["id"]: s for s in schools})
        areas = make_areas(schools, parts, la_names, target)
        adopted = adopt_orphans(la_pupils, parts, las)
        pupils, part_rolls = split_pupils(la_pupils, parts, areas, args.seed)
        births = split_births(la_births, pupils, areas, args.seed)
        ranges = school_ranges(schools, adopted)
        rolls = roll_rows(schools, ranges, part_rolls)
        transfer = build_transfer(areas, parts, la_pupils, pupils)
        housing = build_housing(areas, la_pupils, pupils, args.seed)
        check(la_pupils, la_births, las, areas, pupils, births, schools, parts, part_rolls, rolls, ranges,
              transfer, housing)
    except Stop as e:
        sys.exit(f"generate_england: {e}")
    n_primary = sum(a[2] == "primary" for a in areas)
    kinds = {k: sum(s["phase"] == k for s in schools) for k in ("primary", "secondary", "all-through")}
    summary = (f"{len(las)} LAs; {len(areas)} planning areas ({n_primary} primary, {len(areas) - n_primary} "
               f"secondary); {len(schools)} schools ({kinds['primary']} primary, {kinds['secondary']} secondary, "
               f"{kinds['all-through']} all-through) and {sum(p.ap for p in parts)} AP school parts")
    readme = README.format(seed=args.seed, areas=args.areas, las=f" --las {args.las}" if args.las else "",
                           summary=summary + ".")
    counts = write_folder(out, areas, pupils, births, schools, rolls, transfer, housing, readme)
    print(summary)
    for name, n in counts.items():
        print(f"  {name:<20} {n:>9} rows")
    print(f"wrote {out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
