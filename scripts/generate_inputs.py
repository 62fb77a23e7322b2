#!/usr/bin/env python3
"""Build PlacePlanning's embedded default dataset in inputs/.

Published Southampton (LA 852, E06000045) figures are kept in inputs/source/ (pupils by year group 2011/12-2022/23,
births, 2024/25 capacity, and the January 2023 school census by school) and in inputs/ehcp.csv, ehcp_new.csv and
early_years.csv. From them this script makes:

- schools.csv with Southampton's real state-funded primary, secondary, all-through and special schools (real URN,
  name and phase; PANs and capacities ILLUSTRATIVE, set from the real rolls), school_rolls.csv with their real
  2022/23 rolls and ILLUSTRATIVE earlier rolls (2017/18-2021/22) generated backwards from them;
- an ILLUSTRATIVE, seeded split into planning areas (by postcode district or sector): planning_areas.csv,
  pupils.csv, births.csv, transfer.csv and housing.csv;
- an ILLUSTRATIVE list of early years providers, early_years_providers.csv.

Every split adds up exactly to the published Southampton totals, and the 2022/23 area pupils equal the real
schools' rolls.

    python3 scripts/generate_inputs.py                      # rebuild from inputs/source/
    python3 scripts/generate_inputs.py --refresh-from ../shared/data/england_la
        # re-extract the published files first (the schools from the sibling england_schools_2022/)

Python 3 standard library only. Output is byte-identical for a given seed.
"""

import argparse
import csv
import io
import math
import os
import random
from pathlib import Path

INPUTS = Path(__file__).resolve().parent.parent / "inputs"
SOURCE = INPUTS / "source"

LA_CODE = "E06000045"
CENSUS_YEAR = 2022  # the last census year: 2022/23, January 2023
PUPIL_YEARS = range(2011, CENSUS_YEAR + 1)
BIRTH_YEARS = range(1992, 2023)
EHCP_LAST_YEAR = 2021  # January 2022 count
EHCP_NEW_LAST_YEAR = 2020  # plans made in 2021
EARLY_YEARS = range(2017, 2025)  # January 2018 to January 2025 counts
HOUSING_HISTORY = range(2011, CENSUS_YEAR + 1)
HOUSING_PLAN = range(CENSUS_YEAR + 1, CENSUS_YEAR + 12)
SCHOOL_ROLL_YEARS = range(2017, CENSUS_YEAR + 1)
YEAR_GROUPS = ("R",) + tuple(str(g) for g in range(1, 14))
CENSUS_GROUPS = ("N1", "N2") + YEAR_GROUPS + ("14",)
PRIMARY_GROUPS = YEAR_GROUPS[:7]
SECONDARY_GROUPS = YEAR_GROUPS[7:]
SIXTH_FORM_GROUPS = ("12", "13")
AGE_BANDS = ("Under 5", "Age 5 to 10", "Age 11 to 15", "Age 16 to 19", "Age 20 to 25", "Total")

CAPACITY_YEAR = 2024
CAPACITY = {"primary": 21957, "secondary": 14587}
CAPACITY_SOURCE = "DfE school places scorecards 2024/25, LA 852 Southampton"

# DfE phase type grouping in the school census -> our kind of school.
CENSUS_PHASES = {
    "State-funded primary": "primary",
    "State-funded secondary": "secondary",
    "State-funded special school": "special",
    "State-funded AP school": "ap",
    "State-funded nursery": "nursery",
}

# Illustrative planning areas: real schools are assigned by postcode district (SO14 ... SO19) or, for the two
# largest districts, by postcode sector (the district and the first digit after the space, e.g. "SO16 8").
PRIMARY_AREAS = (
    ("P01", "City Centre and Portswood (illustrative)", ("SO14", "SO17")),
    ("P02", "Shirley and Freemantle (illustrative)", ("SO15",)),
    ("P03", "Bassett and Shirley Warren (illustrative)", tuple(f"SO16 {d}" for d in range(8))),
    ("P04", "Lordshill, Millbrook and Redbridge (illustrative)", ("SO16 8", "SO16 9")),
    ("P05", "Bitterne Park and Townhill (illustrative)", ("SO18",)),
    ("P06", "Sholing and Peartree (illustrative)", ("SO19 0", "SO19 1", "SO19 2", "SO19 3", "SO19 4", "SO19 5",
                                                    "SO19 7")),
    ("P07", "Thornhill, Weston and Woolston (illustrative)", ("SO19 6", "SO19 8", "SO19 9")),
)
SECONDARY_AREAS = (
    ("S01", "North West (illustrative)", ("SO16",)),
    ("S02", "Central (illustrative)", ("SO14", "SO15", "SO17")),
    ("S03", "East (illustrative)", ("SO18", "SO19")),
)
PRIMARY_CODES = tuple(a[0] for a in PRIMARY_AREAS)
SECONDARY_CODES = tuple(a[0] for a in SECONDARY_AREAS)

# Share of each primary area's Year 6 that starts Year 7 in each secondary area the next year (illustrative,
# by geography). The rest leaves the LA's state-funded schools.
TRANSFER = {
    "P01": {"S01": "0.40", "S02": "0.30", "S03": "0.20"},
    "P02": {"S01": "0.40", "S02": "0.52", "S03": "0.02"},
    "P03": {"S01": "0.90", "S02": "0.05", "S03": "0.01"},
    "P04": {"S01": "0.92", "S02": "0.03", "S03": "0.01"},
    "P05": {"S01": "0.05", "S02": "0.02", "S03": "0.85"},
    "P06": {"S01": "0.01", "S02": "0.01", "S03": "0.88"},
    "P07": {"S01": "0.01", "S02": "0.01", "S03": "0.88"},
}

# Share of the city's dwellings completed in each primary area: (history 2011-2022, planned 2023-2033).
HOUSING_WEIGHTS = {
    "P01": (0.40, 0.50), "P02": (0.14, 0.12), "P03": (0.07, 0.05), "P04": (0.10, 0.08),
    "P05": (0.11, 0.09), "P06": (0.09, 0.08), "P07": (0.09, 0.08),
}

COHORT_NOISE = 0.020  # sd of a cohort's persistent log-share effect in an area
CELL_NOISE = 0.008  # sd of year-to-year log-share noise of one area cell
BIRTH_NOISE = 0.010
SCHOOL_EFFECT_NOISE = 0.03  # persistent difference of a school's earlier share from its 2022 share (log scale)
SCHOOL_YEAR_NOISE = 0.04  # year-to-year wobble of a school's earlier share (log scale)
HOUSING_NOISE = 0.150
PLANNED_HOUSING_NOISE = 0.050

# ---------------------------------------------------------------- helpers


def year_index(group):
    """Position of a year group: R -> 0, 1 -> 1, ..., 13 -> 13."""
    return YEAR_GROUPS.index(group)


def stream(seed, name):
    """An independent, reproducible random stream for one part of the split."""
    return random.Random(f"{seed}/{name}")


def apportion(total, weights):
    """Split an integer total in proportion to weights (largest remainder)."""
    scale = total / sum(weights)
    quotas = [w * scale for w in weights]
    counts = [math.floor(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def read_csv(path):
    """Rows of a CSV file as dicts."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def csv_text(header, rows):
    """CSV text with a header line and LF line endings."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_atomic(path, text):
    """Write text to path through a temporary file and os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)



def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def ceil_to(n, step):
    return step * math.ceil(n / step)


# ---------------------------------------------------------------- published data


def extract_published(folder, schools_folder=None):
    """Southampton's published rows from the england_la folder (and the school census from schools_folder,
    default the sibling england_schools_2022/), as CSV texts by path."""
    folder = Path(folder)
    schools_folder = Path(schools_folder) if schools_folder else folder.parent / "england_schools_2022"
    pupils = [
        (r["area_code"], r["year"], r["year_group"], r["pupils"])
        for r in read_csv(folder / "pupils.csv")
        if r["area_code"] == LA_CODE and int(r["year"]) in PUPIL_YEARS and r["year_group"] in YEAR_GROUPS
    ]
    pupils.sort(key=lambda r: (int(r[1]), year_index(r[2])))
    births = [
        (r["area_code"], r["year"], r["births"])
        for r in read_csv(folder / "births.csv")
        if r["area_code"] == LA_CODE and int(r["year"]) in BIRTH_YEARS
    ]
    births.sort(key=lambda r: int(r[1]))
    capacity = [(phase, CAPACITY_YEAR, places, CAPACITY_SOURCE) for phase, places in CAPACITY.items()]
    schools = [
        (r["urn"], r["school_name"], r["phase"], r["establishment_type"], r["postcode"], r["headcount"])
        for r in read_csv(schools_folder / "schools.csv")
        if r["area_code"] == LA_CODE
    ]
    schools.sort(key=lambda r: int(r[0]))
    urns = {r[0] for r in schools}
    census = [
        (r["urn"], r["year"], r["year_group"], r["pupils"])
        for r in read_csv(schools_folder / "pupils_by_school.csv")
        if r["urn"] in urns
    ]
    census.sort(key=lambda r: (int(r[0]), int(r[1]), CENSUS_GROUPS.index(r[2])))
    texts = {
        SOURCE / "southampton_pupils.csv": csv_text(("area_code", "year", "year_group", "pupils"), pupils),
        SOURCE / "southampton_births.csv": csv_text(("area_code", "year", "births"), births),
        SOURCE / "southampton_capacity.csv": csv_text(("phase", "year", "places", "source"), capacity),
        SOURCE / "southampton_schools.csv": csv_text(
            ("urn", "school_name", "phase", "establishment_type", "postcode", "headcount"), schools),
        SOURCE / "southampton_school_census.csv": csv_text(("urn", "year", "year_group", "pupils"), census),
    }
    for name, value, last in (("ehcp.csv", "plans", EHCP_LAST_YEAR), ("ehcp_new.csv", "new_plans", EHCP_NEW_LAST_YEAR)):
        rows = [
            (r["area_code"], r["year"], r["age_band"], r[value])
            for r in read_csv(folder / name)
            if r["area_code"] == LA_CODE and int(r["year"]) <= last
        ]
        rows.sort(key=lambda r: (int(r[1]), AGE_BANDS.index(r[2])))
        assert rows and all(int(r[3]) >= 0 for r in rows), name
        assert max(int(r[1]) for r in rows) == last, f"{name} does not reach {last}"
        texts[INPUTS / name] = csv_text(("area_code", "year", "age_band", value), rows)
    columns = ("area_code", "year", "funded_2yo", "pct_2yo", "funded_3_4yo", "pct_3_4yo")
    early = [tuple(r[c] for c in columns) for r in read_csv(folder / "early_years.csv")
             if r["area_code"] == LA_CODE and int(r["year"]) in EARLY_YEARS]
    early.sort(key=lambda r: int(r[1]))
    assert [int(r[1]) for r in early] == list(EARLY_YEARS), "early years incomplete"
    texts[INPUTS / "early_years.csv"] = csv_text(columns, early)
    return texts


def load_source(texts=None):
    """Southampton pupils {(year, group): n}, births {year: n}, capacity {phase: places}, schools [dict] and the
    school census {(urn, group): n} (2022/23). Reads inputs/source/, or the given freshly extracted texts."""

    def rows(name):
        path = SOURCE / name
        if texts is not None:
            return list(csv.DictReader(io.StringIO(texts[path])))
        return read_csv(path)

    pupils = {(int(r["year"]), r["year_group"]): int(r["pupils"]) for r in rows("southampton_pupils.csv")}
    births = {int(r["year"]): int(r["births"]) for r in rows("southampton_births.csv")}
    capacity = {r["phase"]: int(r["places"]) for r in rows("southampton_capacity.csv")}
    schools = rows("southampton_schools.csv")
    census = {}
    for r in rows("southampton_school_census.csv"):
        assert int(r["year"]) == CENSUS_YEAR, "the school census must be the 2022/23 census"
        census[(r["urn"], r["year_group"])] = int(r["pupils"])
    assert set(pupils) == {(y, g) for y in PUPIL_YEARS for g in YEAR_GROUPS}, "pupil years/groups incomplete"
    assert set(births) == set(BIRTH_YEARS), "birth years incomplete"
    assert capacity == CAPACITY, "capacity differs from the 2024/25 scorecard"
    return pupils, births, capacity, schools, census


# ---------------------------------------------------------------- real schools


def area_of(postcode, areas):
    """The planning area whose postcode districts or sectors hold `postcode`."""
    district, inward = postcode.split()
    sector = f"{district} {inward[0]}"
    found = [code for code, _, keys in areas if district in keys or sector in keys]
    assert len(found) == 1, f"postcode {postcode} is in {len(found)} planning areas"
    return found[0]


class Part:
    """The pupils of one school in one phase (R-6 or 7-13): an all-through school and the AP school have two."""

    def __init__(self, urn, phase, area, rolls, growing_from=None, follows_cohorts=True):
        self.urn = urn
        self.phase = phase  # "primary" or "secondary"
        self.area = area
        self.rolls = rolls  # {group: 2022/23 pupils}, groups taught only
        self.growing_from = growing_from  # first intake year of a school still filling up, else None
        self.follows_cohorts = follows_cohorts  # AP pupils do not stay with their cohort

    def taught(self, group):
        return self.rolls.get(group, 0) > 0


# Natural top year groups: a part that stops before one of these is still filling up from its first intake.
NATURAL_TOPS = {"primary": ("2", "6"), "secondary": ("11", "13")}


OVER_ADMISSION = 2


def real_schools(schools, census, seed):
    """The real schools: (school rows, roll parts, early-years rows).

    school rows: dict(id, name, phase, area, pan, secondary_pan, net_capacity, authority, years_taught);
    parts: every Part holding census pupils counted in pupils.csv (mainstream, all-through and AP schools).
    """
    rng = stream(seed, "capacity")
    rows, parts, nurseries = [], [], []
    for s in schools:
        urn, kind = s["urn"], CENSUS_PHASES[s["phase"]]
        rolls = {g: census.get((urn, g), 0) for g in CENSUS_GROUPS}
        early = rolls["N1"] + rolls["N2"]
        if kind == "nursery":
            nurseries.append((urn, s["school_name"], s["postcode"], early, "maintained_nursery"))
            continue
        if kind in ("primary", "secondary") and early:
            nurseries.append((urn, s["school_name"], s["postcode"], early, "school_nursery"))
        by_phase = {
            "primary": {g: rolls[g] for g in PRIMARY_GROUPS if rolls[g]},
            "secondary": {g: rolls[g] for g in SECONDARY_GROUPS if rolls[g]},
        }
        if kind == "special":
            rows.append(dict(id=urn, name=s["school_name"], phase="special",
                             area=area_of(s["postcode"], PRIMARY_AREAS), pan=0, secondary_pan=None,
                             net_capacity=ceil_to(int(s["headcount"]), 10), authority=authority(s)))
            continue
        assert rolls["14"] == 0, f"{urn} has Year 14 pupils"
        if kind == "ap":
            for phase, areas in (("primary", PRIMARY_AREAS), ("secondary", SECONDARY_AREAS)):
                if by_phase[phase]:
                    parts.append(Part(urn, phase, area_of(s["postcode"], areas), by_phase[phase],
                                      follows_cohorts=False))
            continue
        phases = [p for p in ("primary", "secondary") if by_phase[p]]
        assert phases, f"{urn} has no pupils"
        phase = phases[0] if len(phases) == 1 else "all-through"
        pans, taught_counts, growing = {}, {}, {}
        for p in phases:
            block = PRIMARY_GROUPS if p == "primary" else SECONDARY_GROUPS[:5]
            taught = [g for g in block if g in by_phase[p]]
            first, top = year_index(taught[0]), year_index(taught[-1])
            assert taught == list(YEAR_GROUPS[first:top + 1]), f"{urn} skips a year group"
            growing_from = None
            if top_name(top) not in NATURAL_TOPS[p] and first in (0, 7):
                growing_from = CENSUS_YEAR - (top - first)
            parts.append(Part(urn, p, area_of(s["postcode"], PRIMARY_AREAS if p == "primary" else SECONDARY_AREAS),
                              by_phase[p], growing_from))
            if growing_from is not None:
                growing[taught[0]] = growing_from
            # PAN: at or above the 2022/23 entry-year intake and every earlier intake still in the school (each
            # year group taught), rounded up to a multiple of 15; an older year group up to OVER_ADMISSION above a
            # multiple of 15 counts as over-admitted (appeals, excepted pupils) rather than a larger PAN.
            pans[p] = ceil_to(max([by_phase[p][taught[0]]] + [by_phase[p][g] - OVER_ADMISSION for g in taught]), 15)
            # Year groups the school teaches when full: infant R-2 (3), junior 3-6 (4), primary R-6 (7),
            # secondary 7-11 (5); a school still filling up counts its full range.
            if p == "primary":
                taught_counts[p] = 3 if top == 2 else 7 - first
            else:
                taught_counts[p] = 5
        sixth = sum(by_phase["secondary"].get(g, 0) for g in SIXTH_FORM_GROUPS)
        sixth_places = ceil_to(1.25 * sixth, 10) if sixth else 0
        # Net capacity: PAN x year groups taught, plus a small seeded margin (0-2 places a year group), plus
        # sixth-form places.
        net = sum(pans[p] * taught_counts[p] + rng.randint(0, 2 * taught_counts[p]) for p in phases) + sixth_places
        # Year groups taught, from the census: the first year group with pupils (a junior school's Year 3) to the
        # natural top of the last phase taught (Year 2 for an infant school, 6 for a primary or junior school, 13
        # with a sixth form, else 11), so that a school still filling up keeps its full range.
        first_group = next(g for g in YEAR_GROUPS if rolls[g])
        if "secondary" in phases:
            last_group = "13" if sixth else "11"
        else:
            last_group = "2" if year_index(max(by_phase["primary"], key=year_index)) == 2 else "6"
        defaults = {"primary": ("R", "6"), "secondary": ("7", "13"), "all-through": ("R", "13")}[phase]
        # A school spanning both phases counts its R-6 places in its primary area (area_code) and its 7-13 places
        # in its secondary area (secondary_area_code).
        rows.append(dict(
            id=urn, name=s["school_name"], phase=phase,
            area=area_of(s["postcode"], PRIMARY_AREAS if "primary" in phases else SECONDARY_AREAS),
            secondary_area=area_of(s["postcode"], SECONDARY_AREAS) if phase == "all-through" else None,
            first=first_group if first_group != defaults[0] else None,
            last=last_group if last_group != defaults[1] else None,
            pan=pans.get("primary", pans.get("secondary")),
            secondary_pan=pans["secondary"] if phase == "all-through" else None,
            net_capacity=net, authority=authority(s), years_taught=taught_counts, growing=growing))
    return rows, parts, nurseries


def top_name(index):
    return YEAR_GROUPS[index]


def authority(school):
    """Admission authority from the real establishment type: academies, free schools, voluntary-aided and
    foundation schools are their own; community and voluntary-controlled schools have the LA."""
    kind = school["establishment_type"].lower()
    if kind.startswith(("academy", "free school", "voluntary aided", "foundation")):
        return "own"
    if kind.startswith(("community", "voluntary controlled", "local authority", "pupil referral")):
        return "la"
    raise AssertionError(f"unknown establishment type {school['establishment_type']!r}")


# ---------------------------------------------------------------- pupils, births and earlier rolls


def cohort_2022_group(group, year, phase):
    """The year group in 2022/23 of the cohort that was in `group` in `year`, within its phase (None for the
    sixth form, which is re-drawn every year)."""
    if group in SIXTH_FORM_GROUPS:
        return None
    index = year_index(group) + CENSUS_YEAR - year
    last = 6 if phase == "primary" else 11
    return YEAR_GROUPS[index] if index <= last else None


def part_weight(part, year, group):
    """Expected pupils of `part` in `group`, `year` (before noise): its 2022/23 roll of the same cohort; of the
    same year group when the cohort has moved on to another school (infant to junior) and for AP and sixth forms;
    its mean year group when the cohort has left the phase; 0 where it does not teach the group or before a
    filling-up school's first intake."""
    if not part.taught(group):
        return 0
    if part.growing_from is not None:
        entry = 0 if part.phase == "primary" else 7
        if year - (year_index(group) - entry) < part.growing_from:
            return 0
    if group in SIXTH_FORM_GROUPS or not part.follows_cohorts:
        return part.rolls[group]
    later = cohort_2022_group(group, year, part.phase)
    if later is not None:
        return part.rolls.get(later, 0) if part.taught(later) or later_in_school(part, later) else part.rolls[group]
    # A cohort that has left the phase by 2022/23: the school's mean year group.
    main = [n for g, n in part.rolls.items() if g not in SIXTH_FORM_GROUPS]
    return sum(main) / len(main)


def later_in_school(part, group):
    """Whether `group` lies inside the range of year groups `part` teaches (a gap means a cohort left)."""
    taught = [year_index(g) for g in part.rolls if g not in SIXTH_FORM_GROUPS]
    return min(taught) <= year_index(group) <= max(taught)


def split_pupils(la_pupils, parts, seed):
    """Area pupils {(area, year, group): n} and part rolls {(urn, phase, year, group): n}.

    2022/23: the real school rolls, summed per area. Earlier years: Southampton's published count of each year and
    year group shared among the areas, and then among each area's schools, in proportion to part_weight with
    seeded noise (a persistent cohort effect per area, a small cell noise, a school effect and wobble), by largest
    remainder so that every split adds up exactly.
    """
    rng = stream(seed, "pupils")
    cohort_effect = {}
    school_effect = {(p.urn, p.phase): rng.gauss(0, SCHOOL_EFFECT_NOISE) for p in parts}
    area_pupils, part_rolls = {}, {}
    phases = (("primary", PRIMARY_CODES, PRIMARY_GROUPS), ("secondary", SECONDARY_CODES, SECONDARY_GROUPS))
    for year in PUPIL_YEARS:
        for phase, codes, groups in phases:
            for group in groups:
                in_area = {code: [p for p in parts if p.phase == phase and p.area == code] for code in codes}
                if year == CENSUS_YEAR:
                    for code in codes:
                        area_pupils[(code, year, group)] = sum(p.rolls.get(group, 0) for p in in_area[code])
                        for p in in_area[code]:
                            if p.taught(group):
                                part_rolls[(p.urn, phase, year, group)] = p.rolls[group]
                    continue
                cohort = year - year_index(group)
                weights = []
                for code in codes:
                    base = sum(part_weight(p, year, group) for p in in_area[code])
                    key = (code, cohort if group not in SIXTH_FORM_GROUPS else year)
                    if key not in cohort_effect:
                        cohort_effect[key] = rng.gauss(0, COHORT_NOISE)
                    weights.append(base * math.exp(cohort_effect[key] + rng.gauss(0, CELL_NOISE)) if base else 0)
                for code, total in zip(codes, apportion(la_pupils[(year, group)], weights)):
                    area_pupils[(code, year, group)] = total
                    if year not in SCHOOL_ROLL_YEARS:
                        continue
                    holders = [p for p in in_area[code] if part_weight(p, year, group) > 0]
                    assert holders or total == 0, (code, year, group)
                    if not holders:
                        continue
                    school_weights = [
                        part_weight(p, year, group)
                        * math.exp(school_effect[(p.urn, p.phase)] + rng.gauss(0, SCHOOL_YEAR_NOISE))
                        for p in holders
                    ]
                    for p, n in zip(holders, apportion(total, school_weights)):
                        part_rolls[(p.urn, phase, year, group)] = n
    return area_pupils, part_rolls


def split_births(la_births, area_pupils, seed):
    """Births {(area, year): n}: each year's births shared like the areas' Reception four years on (the
    2022/23 Reception shares for births after 2018)."""
    rng = stream(seed, "births")
    out = {}
    for year in BIRTH_YEARS:
        reception_year = min(max(year + 4, min(PUPIL_YEARS)), CENSUS_YEAR)
        weights = [area_pupils[(code, reception_year, "R")] * math.exp(rng.gauss(0, BIRTH_NOISE))
                   for code in PRIMARY_CODES]
        for code, n in zip(PRIMARY_CODES, apportion(la_births[year], weights)):
            out[(code, year)] = n
    return out


def transfer_expected(year6):
    """Expected Year 7 of each secondary area from Year 6 {primary area: pupils} a year earlier."""
    return {s: sum(float(TRANSFER[p][s]) * n for p, n in year6.items()) for s in SECONDARY_CODES}


def build_housing(seed):
    """Completed dwellings {(area, year): n}: history 2011-2022 and planned 2023-2033."""
    rng = stream(seed, "housing")
    out = {}
    for year in list(HOUSING_HISTORY) + list(HOUSING_PLAN):
        if year in HOUSING_HISTORY:
            total = rng.randint(600, 1000)
            logs = [math.log(HOUSING_WEIGHTS[c][0]) + rng.gauss(0, HOUSING_NOISE) for c in PRIMARY_CODES]
        else:
            total = 850 + 15 * (year - min(HOUSING_PLAN)) + rng.randint(-40, 40)
            logs = [math.log(HOUSING_WEIGHTS[c][1]) + rng.gauss(0, PLANNED_HOUSING_NOISE) for c in PRIMARY_CODES]
        for code, n in zip(PRIMARY_CODES, apportion(total, [math.exp(x) for x in logs])):
            out[(code, year)] = n
    return out


# ---------------------------------------------------------------- early years providers

# Latest funded 3- and 4-year-olds (January 2025, `year` 2024) and the share of them already in Reception.
EY_FUNDED_3_4 = 4814
EY_FUNDED_2 = 472
EY_RECEPTION_SHARE = 1 / 3  # 4-year-olds born January-August (about a third of 3-4-year-olds) are in Reception
# Places are sized on the model's 15-hour-equivalent basis (docs/methods.md, early years): a place at a provider
# open 30 hours or more serves two 15-hour children, and a 30-hour child needs two. Against the default city's
# projected need in 2025/26 (15-hour places: 3-4-year-olds not in Reception about 4,330; 2-year-olds about 2,370 with
# the working-parent entitlement; under-2s about 1,860 with 30 hours from September 2025), the city totals below give
# a margin of a few per cent, and EY_AREA_FACTOR leaves some areas short and others with room.
EY_PLACES_3_4 = 2400
EY_PLACES_2 = 1250
EY_PLACES_UNDER_2 = 1000
EY_CHILDMINDERS = 56
EY_PVI_SIZE = 55  # typical 3-4-year-old places of a day nursery or pre-school
# Supply relative to each area's under-5 population (illustrative): P01 and P06 short, P03 and P05 ample.
EY_AREA_FACTOR = {"P01": 0.65, "P02": 0.95, "P03": 1.45, "P04": 1.05, "P05": 1.30, "P06": 0.80, "P07": 1.00}
EY_TYPES = ("school_nursery", "maintained_nursery", "pvi", "childminder")
EY_HOURS = (15, 30, 50)


def build_early_years_providers(nurseries, births, seed):
    """ILLUSTRATIVE early years providers: rows (id, name, area, type, under_2, 2yo, 3_4yo, hours).

    Real school nursery classes (places: the January 2023 N1+N2 headcount rounded up to 8) and the real
    maintained nursery school; invented day nurseries (PVI) and childminders make up the city totals
    EY_PLACES_*, shared among the areas by their 2022 births times EY_AREA_FACTOR.
    """
    rng = stream(seed, "early_years")
    rows = []
    for urn, name, postcode, headcount, kind in sorted(nurseries):
        area = area_of(postcode, PRIMARY_AREAS)
        places = ceil_to(headcount, 8)
        if kind == "maintained_nursery":
            rows.append((urn, name, area, kind, 0, 16, places, 30))
        else:
            rows.append((urn, f"{name} (nursery class)", area, kind, 0, 0, places, rng.choice((15, 30))))
    fixed = [sum(r[i] for r in rows) for i in (4, 5, 6)]
    births_2022 = [births[(code, max(BIRTH_YEARS))] * EY_AREA_FACTOR[code] for code in PRIMARY_CODES]
    childminders = apportion(EY_CHILDMINDERS, births_2022)
    # Childminders: 1 under-2, 1 two-year-old and 2 three-to-four-year-old places each.
    targets = [EY_PLACES_UNDER_2 - fixed[0] - EY_CHILDMINDERS, EY_PLACES_2 - fixed[1] - EY_CHILDMINDERS,
               EY_PLACES_3_4 - fixed[2] - 2 * EY_CHILDMINDERS]
    by_area = [apportion(t, births_2022) for t in targets]
    # Subtract what each area's school and maintained nurseries already give (the area factor applies to all).
    for i in range(3):
        have = {code: sum(r[4 + i] for r in rows if r[2] == code) for code in PRIMARY_CODES}
        share = [max(0.0, by_area[i][k] + fixed[i] * births_2022[k] / sum(births_2022) - have[code])
                 for k, code in enumerate(PRIMARY_CODES)]
        by_area[i] = apportion(targets[i], share)
    number = 0
    for k, code in enumerate(PRIMARY_CODES):
        n = max(1, round(by_area[2][k] / EY_PVI_SIZE))
        sizes = [rng.uniform(0.5, 1.5) for _ in range(n)]
        under2, two, three = (apportion(by_area[i][k], sizes) for i in range(3))
        for j in range(n):
            number += 1
            rows.append((f"EY{number:03d}", f"Illustrative Day Nursery {number}", code, "pvi", under2[j], two[j],
                         three[j], 50 if under2[j] else rng.choice((15, 30))))
        for _ in range(childminders[k]):
            number += 1
            rows.append((f"EY{number:03d}", f"Illustrative Childminder {number}", code, "childminder", 1, 1, 2, 50))
    return rows


def check_early_years(rows):
    """Assert the providers are well formed: unique ids, known types and hours, primary areas, counts >= 0."""
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate provider id"
    for r in rows:
        assert r[2] in PRIMARY_CODES, f"{r[0]}: unknown primary planning area {r[2]}"
        assert r[3] in EY_TYPES, f"{r[0]}: unknown type {r[3]}"
        assert r[7] in EY_HOURS, f"{r[0]}: hours {r[7]}"
        assert all(isinstance(n, int) and n >= 0 for n in r[4:7]), f"{r[0]}: places"
    totals = [sum(r[i] for r in rows) for i in (4, 5, 6)]
    assert totals == [EY_PLACES_UNDER_2, EY_PLACES_2, EY_PLACES_3_4], totals


# ---------------------------------------------------------------- checks and output


def check(la_pupils, la_births, pupils, births, schools, parts, part_rolls, housing):
    """Assert the split reproduces the published totals and the real school rolls, and is well formed."""
    for (year, group), total in la_pupils.items():
        codes = PRIMARY_CODES if group in PRIMARY_GROUPS else SECONDARY_CODES
        assert sum(pupils[(c, year, group)] for c in codes) == total, (year, group)
    # The real 2022/23 census: state-funded primary + secondary + AP schools add up to the LA's published pupils.
    for group in YEAR_GROUPS:
        schools_sum = sum(p.rolls.get(group, 0) for p in parts)
        assert schools_sum == la_pupils[(CENSUS_YEAR, group)], (
            f"2022/23 Year {group}: the schools' census rolls add up to {schools_sum}, the published LA total "
            f"is {la_pupils[(CENSUS_YEAR, group)]}")
    # Every area's pupils equal its schools' rolls (school rolls are generated back to 2017/18).
    for (area, year, group), total in pupils.items():
        if year in SCHOOL_ROLL_YEARS:
            held = sum(n for (urn, phase, y, g), n in part_rolls.items()
                       if y == year and g == group and any(p.urn == urn and p.phase == phase and p.area == area
                                                           for p in parts))
            assert held == total, f"{area} {year} {group}: school rolls {held}, area pupils {total}"
    n_areas = len(PRIMARY_CODES) + len(SECONDARY_CODES)
    assert len(pupils) == len(PUPIL_YEARS) * 7 * n_areas
    for year, total in la_births.items():
        assert sum(births[(c, year)] for c in PRIMARY_CODES) == total, year
    for values in (pupils.values(), births.values(), housing.values(), part_rolls.values()):
        assert all(isinstance(n, int) and n >= 0 for n in values)
    for p, shares in TRANSFER.items():
        assert all(0 <= float(x) <= 1 for x in shares.values()) and sum(map(float, shares.values())) <= 1, p
        assert set(shares) == set(SECONDARY_CODES)
    assert set(TRANSFER) == set(PRIMARY_CODES)
    mainstream = [s for s in schools if s["phase"] != "special"]
    assert all(s["pan"] % 15 == 0 and s["pan"] > 0 and s["net_capacity"] > 0 for s in mainstream)
    counts = {ph: sum(s["phase"] == ph for s in schools) for ph in ("primary", "secondary", "all-through", "special")}
    assert counts == {"primary": 54, "secondary": 12, "all-through": 1, "special": 6}, counts
    # Year groups taught, from the 2022/23 census: 10 infant schools, 8 junior schools (3-6) and St Mark's
    # (R-11, its secondary places in a secondary area); every census pupil inside its school's range.
    ranges = {(s.get("first"), s.get("last")) for s in mainstream}
    assert sum((s.get("first"), s.get("last")) == (None, "2") for s in mainstream) == 10, ranges
    assert sum((s.get("first"), s.get("last")) == ("3", None) for s in mainstream) == 8, ranges
    through = [s for s in mainstream if s["phase"] == "all-through"]
    assert [(s["id"], s["last"], s["secondary_area"] in SECONDARY_CODES) for s in through] == [("116342", "11", True)]
    default = {"primary": ("R", "6"), "secondary": ("7", "13"), "all-through": ("R", "13")}
    for s in mainstream:
        first = year_index(s.get("first") or default[s["phase"]][0])
        last = year_index(s.get("last") or default[s["phase"]][1])
        for (urn, _, year, group), n in part_rolls.items():
            assert urn != s["id"] or n == 0 or first <= year_index(group) <= last, (urn, year, group, n)
    for s in mainstream:
        for p in parts:
            if p.urn == s["id"] and p.growing_from is None:
                entry = next(g for g in YEAR_GROUPS if p.taught(g))
                pan = s["secondary_pan"] if p.phase == "secondary" and s["secondary_pan"] else s["pan"]
                assert pan >= p.rolls[entry], f"{s['id']}: PAN {pan} below its {CENSUS_YEAR} intake"


def write_outputs(pupils, births, schools, housing, part_rolls, providers, folder):
    """Write the generated files atomically into `folder`."""
    names = {code: name for code, name, _ in PRIMARY_AREAS + SECONDARY_AREAS}
    areas = [(code, name, "primary", LA_CODE) for code, name, _ in PRIMARY_AREAS]
    areas += [(code, name, "secondary", LA_CODE) for code, name, _ in SECONDARY_AREAS]
    pupil_rows = [
        (area, names[area], year, group, n)
        for (area, year, group), n in sorted(pupils.items(), key=lambda kv: (kv[0][0], kv[0][1], year_index(kv[0][2])))
    ]
    transfer = [(p, s, share) for p in sorted(TRANSFER) for s, share in sorted(TRANSFER[p].items())]
    # Every year group the school teaches (first_year_group to last_year_group) in every roll year, zeros included
    # (a school filling up has none yet in its top year groups), where a missing row would make it a new school,
    # shared by places. Year groups it does not teach have no rows.
    rolls = {}
    for s in schools:
        if s["phase"] == "special":
            continue
        default = {"primary": ("R", "6"), "secondary": ("7", "13"), "all-through": ("R", "13")}[s["phase"]]
        first, last = year_index(s["first"] or default[0]), year_index(s["last"] or default[1])
        groups = YEAR_GROUPS[first:last + 1]
        for year in SCHOOL_ROLL_YEARS:
            for group in groups:
                # No entry-year row before a school filling up first admitted at it (St Mark's Year 7 before
                # 2022): it had no intake to share, and a 0 would count as a 0% preference share.
                if year < s.get("growing", {}).get(group, year):
                    continue
                phase = "primary" if group in PRIMARY_GROUPS else "secondary"
                rolls[(s["id"], year, group)] = part_rolls.get((s["id"], phase, year, group), 0)
    school_rows = [
        (s["id"], s["name"], s["phase"], s["area"], s["pan"], s["net_capacity"], s["authority"],
         s["secondary_pan"] or "", s.get("first") or "", s.get("last") or "", s.get("secondary_area") or "")
        for s in sorted(schools, key=lambda s: (("primary", "all-through", "secondary", "special").index(s["phase"]),
                                                s["area"], s["id"]))
    ]
    files = {
        "planning_areas.csv": (("area_code", "area_name", "phase", "la_code"), areas),
        "pupils.csv": (("area_code", "area_name", "year", "year_group", "pupils"), pupil_rows),
        "births.csv": (("area_code", "year", "births"), [(*k, n) for k, n in sorted(births.items())]),
        "transfer.csv": (("from_area", "to_area", "share"), transfer),
        "schools.csv": (
            ("school_id", "school_name", "phase", "area_code", "pan", "net_capacity", "admission_authority",
             "secondary_pan", "first_year_group", "last_year_group", "secondary_area_code"),
            school_rows,
        ),
        "housing.csv": (("area_code", "year", "dwellings"), [(*k, n) for k, n in sorted(housing.items())]),
        "school_rolls.csv": (
            ("school_id", "year", "year_group", "pupils"),
            [(*k, n) for k, n in sorted(rolls.items(), key=lambda kv: (int(kv[0][0]), kv[0][1], year_index(kv[0][2])))],
        ),
        "early_years_providers.csv": (
            ("provider_id", "provider_name", "area_code", "type", "places_under_2", "places_2yo", "places_3_4yo",
             "hours_per_week"),
            providers,
        ),
    }
    for name, (header, rows) in files.items():
        write_atomic(folder / name, csv_text(header, rows))


def print_summary(pupils, births, schools, providers, capacity):
    """Print 2022/23 rolls, capacity and surplus per area, plausibility ratios and early years places."""

    def roll(area, year, groups):
        return sum(pupils[(area, year, g)] for g in groups)

    def places(area, phase):
        total = 0
        for s in schools:
            if s["phase"] == "special" or area not in (s["area"], s.get("secondary_area")):
                continue
            if s["phase"] == "all-through":
                if (s["area"] if phase == "primary" else s["secondary_area"]) != area:
                    continue
                # Only the places of the area's phase count (as in PlacePlanning).
                shares = {"primary": 7 * s["pan"], "secondary": 5 * s["secondary_pan"]}
                total += s["net_capacity"] * shares[phase] / sum(shares.values())
            else:
                total += s["net_capacity"]
        return round(total)

    print("area  phase      roll2022  capacity  surplus")
    for codes, phase, groups in ((PRIMARY_CODES, "primary", PRIMARY_GROUPS),
                                 (SECONDARY_CODES, "secondary", SECONDARY_GROUPS)):
        for code in codes:
            r, c = roll(code, CENSUS_YEAR, groups), places(code, phase)
            print(f"{code}   {phase:<9} {r:>9} {c:>9} {100 * (1 - r / c):>7.1f}%")
        total_cap = sum(s["net_capacity"] for s in schools if s["phase"] == phase)
        print(f"all {phase} schools' net capacity {total_cap} (published {capacity[phase]}, "
              f"{100 * (total_cap / capacity[phase] - 1):+.1f}%)")
    through = [s for s in schools if s["phase"] == "all-through"]
    print("all-through net capacity", sum(s["net_capacity"] for s in through))
    survival = [
        pupils[(c, y + 1, YEAR_GROUPS[year_index(g) + 1])] / pupils[(c, y, g)]
        for c in PRIMARY_CODES for y in PUPIL_YEARS[:-1] for g in PRIMARY_GROUPS[:-1]
    ]
    reception = [pupils[(c, y, "R")] / births[(c, y - 4)] for c in PRIMARY_CODES for y in PUPIL_YEARS]
    year7 = [
        pupils[(s, y, "7")] / transfer_expected({c: pupils[(c, y - 1, "6")] for c in PRIMARY_CODES})[s]
        for s in SECONDARY_CODES for y in PUPIL_YEARS[1:]
    ]
    for label, values in (("primary cohort survival R->6", survival), ("reception / births(Y-4)", reception),
                          ("Y7 / transfer-expected", year7)):
        values = sorted(values)
        print(f"{label:<32} min {values[0]:.3f}  median {median(values):.3f}  max {values[-1]:.3f}")
    print("early years places by area (under 2, 2yo, 3-4yo) and 3-4yo places per 2022 birth:")
    for code in PRIMARY_CODES:
        p = [sum(r[i] for r in providers if r[2] == code) for i in (4, 5, 6)]
        print(f"  {code} {p} {p[2] / births[(code, max(BIRTH_YEARS))]:.2f}")


def main():
    """Parse arguments, build, check and write the dataset."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2026, help="seed of the illustrative split (default 2026)")
    parser.add_argument("--refresh-from", metavar="DIR",
                        help="re-extract published figures from an england_la folder (and the school census from "
                        "its sibling england_schools_2022/)")
    parser.add_argument("--out", metavar="DIR", default=str(INPUTS),
                        help="folder for the generated files (default: inputs/; used by the tests to check that "
                        "the committed files are reproducible)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    published = extract_published(args.refresh_from) if args.refresh_from else None
    la_pupils, la_births, capacity, source_schools, census = load_source(published)

    schools, parts, nurseries = real_schools(source_schools, census, args.seed)
    pupils, part_rolls = split_pupils(la_pupils, parts, args.seed)
    births = split_births(la_births, pupils, args.seed)
    housing = build_housing(args.seed)
    providers = build_early_years_providers(nurseries, births, args.seed)

    check(la_pupils, la_births, pupils, births, schools, parts, part_rolls, housing)
    check_early_years(providers)
    if published:
        for path, text in published.items():
            write_atomic(path, text)
    write_outputs(pupils, births, schools, housing, part_rolls, providers, out)
    print_summary(pupils, births, schools, providers, capacity)


if __name__ == "__main__":
    main()
