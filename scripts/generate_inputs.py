#!/usr/bin/env python3
"""Build PlacePlanning's embedded default dataset in inputs/.

Published Southampton (LA 852, E06000045) figures are kept in inputs/source/
(pupils by year group, births, 2024/25 capacity) and inputs/ehcp*.csv. From the
source figures this script makes an ILLUSTRATIVE, seeded split into invented
planning areas and schools: pupils.csv, births.csv, transfer.csv, schools.csv,
housing.csv and planning_areas.csv. Every split adds up exactly to the
published Southampton totals.

    python3 scripts/generate_inputs.py                      # rebuild the split
    python3 scripts/generate_inputs.py --refresh-from ../shared/data/england_la

Python 3 standard library only. Output is byte-identical for a given seed.
"""

import argparse
import csv
import io
import math
import os
import random
from pathlib import Path
from typing import NamedTuple

INPUTS = Path(__file__).resolve().parent.parent / "inputs"
SOURCE = INPUTS / "source"

LA_CODE = "E06000045"
PUPIL_YEARS = range(2011, 2020)
BIRTH_YEARS = range(1992, 2023)
HOUSING_HISTORY = range(2011, 2020)
HOUSING_PLAN = range(2020, 2031)
YEAR_GROUPS = ("R",) + tuple(str(g) for g in range(1, 14))
PRIMARY_GROUPS = YEAR_GROUPS[:7]
SECONDARY_GROUPS = YEAR_GROUPS[7:]
SIXTH_FORM_GROUPS = ("12", "13")
AGE_BANDS = ("Under 5", "Age 5 to 10", "Age 11 to 15", "Age 16 to 19", "Age 20 to 25", "Total")

CAPACITY_YEAR = 2024
CAPACITY = {"primary": 21957, "secondary": 14587}
CAPACITY_SOURCE = "DfE school places scorecards 2024/25, LA 852 Southampton"

REFERENCE_COHORT = 2015  # Reception year at which an area's share equals its size
PRIMARY_PAN_WEIGHTS = {30: 4, 45: 3, 60: 4, 90: 2}
SECONDARY_PAN_RANGE = (150, 330)
SECONDARY_PAN_PER_SCHOOL = 240  # typical PAN used to choose the number of schools


class PrimaryArea(NamedTuple):
    """Design of one illustrative primary planning area."""

    code: str
    name: str
    size: float  # share of a city cohort at Reception in REFERENCE_COHORT
    cohort_trend: float  # log-share change per later cohort (young families moving in)
    ageing_drift: float  # log-share change per year a cohort ages (net migration)
    reception_factor: float  # Reception / births(Y-4), relative to the city ratio
    target_surplus: float  # wanted 2019 surplus of places, before rescaling to the LA total
    housing_weight: float  # share of city dwellings completed here (history)
    planned_housing_weight: float  # share of the planned trajectory 2020-2030


class SecondaryArea(NamedTuple):
    """Design of one illustrative secondary planning area."""

    code: str
    name: str
    ageing_drift: float
    sixth_form_weight: float  # share of the city's school sixth-form pupils
    target_surplus: float


PRIMARY_AREAS = (
    PrimaryArea("P01", "Central (illustrative)", 0.200, 0.015, 0.008, 1.05, 0.03, 0.45, 0.55),
    PrimaryArea("P02", "North (illustrative)", 0.230, 0.000, 0.000, 1.00, 0.07, 0.12, 0.10),
    PrimaryArea("P03", "East (illustrative)", 0.170, 0.003, -0.001, 0.97, 0.13, 0.12, 0.10),
    PrimaryArea("P04", "South (illustrative)", 0.150, -0.003, 0.000, 1.02, 0.06, 0.14, 0.12),
    PrimaryArea("P05", "West (illustrative)", 0.155, -0.012, -0.007, 0.95, 0.15, 0.05, 0.03),
    PrimaryArea("P06", "North West (illustrative)", 0.095, 0.000, 0.001, 0.99, 0.08, 0.12, 0.10),
)

SECONDARY_AREAS = (
    SecondaryArea("S01", "Secondary North (illustrative)", 0.000, 0.45, 0.27),
    SecondaryArea("S02", "Secondary Central (illustrative)", 0.004, 0.20, 0.04),
    SecondaryArea("S03", "Secondary South (illustrative)", -0.003, 0.35, 0.26),
)

# Share of each primary area's Year 6 that starts Year 7 in each secondary area
# the next year. The rest leaves the LA's state-funded schools.
TRANSFER = {
    "P01": {"S01": "0.06", "S02": "0.78", "S03": "0.08"},
    "P02": {"S01": "0.80", "S02": "0.07", "S03": "0.03"},
    "P03": {"S01": "0.72", "S02": "0.16", "S03": "0.05"},
    "P04": {"S01": "0.03", "S02": "0.06", "S03": "0.80"},
    "P05": {"S01": "0.03", "S02": "0.15", "S03": "0.70"},
    "P06": {"S01": "0.76", "S02": "0.05", "S03": "0.10"},
}

COHORT_NOISE = 0.020  # sd of a cohort's persistent log-share effect
CELL_NOISE = 0.008  # sd of year-to-year log-share noise of one area cell
BIRTH_NOISE = 0.010
ENTRY_NOISE = 0.010  # Year 7 entry share around the transfer expectation
SIXTH_FORM_NOISE = 0.060
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


# ---------------------------------------------------------------- published data


def extract_published(folder):
    """Southampton's published rows from the england_la folder, as CSV texts by path."""
    folder = Path(folder)
    pupils = [
        (r["area_code"], r["year"], r["year_group"], r["pupils"])
        for r in read_csv(folder / "pupils.csv")
        if r["area_code"] == LA_CODE
        and int(r["year"]) in PUPIL_YEARS
        and r["year_group"] in YEAR_GROUPS
    ]
    pupils.sort(key=lambda r: (int(r[1]), year_index(r[2])))
    births = [
        (r["area_code"], r["year"], r["births"])
        for r in read_csv(folder / "births.csv")
        if r["area_code"] == LA_CODE and int(r["year"]) in BIRTH_YEARS
    ]
    births.sort(key=lambda r: int(r[1]))
    capacity = [(phase, CAPACITY_YEAR, places, CAPACITY_SOURCE) for phase, places in CAPACITY.items()]
    texts = {
        SOURCE / "southampton_pupils.csv": csv_text(("area_code", "year", "year_group", "pupils"), pupils),
        SOURCE / "southampton_births.csv": csv_text(("area_code", "year", "births"), births),
        SOURCE / "southampton_capacity.csv": csv_text(("phase", "year", "places", "source"), capacity),
    }
    for name, value in (("ehcp.csv", "plans"), ("ehcp_new.csv", "new_plans")):
        rows = [
            (r["area_code"], r["year"], r["age_band"], r[value])
            for r in read_csv(folder / name)
            if r["area_code"] == LA_CODE
        ]
        rows.sort(key=lambda r: (int(r[1]), AGE_BANDS.index(r[2])))
        assert rows and all(int(r[3]) >= 0 for r in rows), name
        texts[INPUTS / name] = csv_text(("area_code", "year", "age_band", value), rows)
    return texts


def load_source(texts=None):
    """Southampton pupils {(year, group): n}, births {year: n} and capacity {phase: places}.

    Reads inputs/source/, or the given freshly extracted texts.
    """

    def rows(name):
        path = SOURCE / name
        if texts is not None:
            return list(csv.DictReader(io.StringIO(texts[path])))
        return read_csv(path)

    pupils = {(int(r["year"]), r["year_group"]): int(r["pupils"]) for r in rows("southampton_pupils.csv")}
    births = {int(r["year"]): int(r["births"]) for r in rows("southampton_births.csv")}
    capacity = {r["phase"]: int(r["places"]) for r in rows("southampton_capacity.csv")}
    assert set(pupils) == {(y, g) for y in PUPIL_YEARS for g in YEAR_GROUPS}, "pupil years/groups incomplete"
    assert set(births) == set(BIRTH_YEARS), "birth years incomplete"
    assert capacity == CAPACITY, "capacity differs from the 2024/25 scorecard"
    return pupils, births, capacity


# ---------------------------------------------------------------- pupils and births


def cohort_effects(seed):
    """Persistent log-share effect of each primary area for each Reception cohort."""
    rng = stream(seed, "cohorts")
    cohorts = range(min(BIRTH_YEARS) + 4, max(BIRTH_YEARS) + 5)
    return {(a.code, c): rng.gauss(0, COHORT_NOISE) for c in cohorts for a in PRIMARY_AREAS}


def primary_log_weight(area, cohort, index, effects):
    """Expected log-share of a primary area for a Reception cohort at year-group index."""
    return (
        math.log(area.size)
        + area.cohort_trend * (cohort - REFERENCE_COHORT)
        + area.ageing_drift * index
        + effects[(area.code, cohort)]
    )


def split_primary(la_pupils, effects, seed):
    """Primary pupils {(area, year, group): n}; each cohort keeps a drifting area share."""
    rng = stream(seed, "primary")
    out = {}
    for year in PUPIL_YEARS:
        for group in PRIMARY_GROUPS:
            index = year_index(group)
            weights = [
                math.exp(primary_log_weight(a, year - index, index, effects) + rng.gauss(0, CELL_NOISE))
                for a in PRIMARY_AREAS
            ]
            for a, n in zip(PRIMARY_AREAS, apportion(la_pupils[(year, group)], weights)):
                out[(a.code, year, group)] = n
    return out


def split_births(la_births, effects, seed):
    """Births {(area, year): n}; shares follow each area's Reception share four years on."""
    rng = stream(seed, "births")
    out = {}
    for year in BIRTH_YEARS:
        weights = [
            math.exp(
                primary_log_weight(a, year + 4, 0, effects)
                - math.log(a.reception_factor)
                + rng.gauss(0, BIRTH_NOISE)
            )
            for a in PRIMARY_AREAS
        ]
        for a, n in zip(PRIMARY_AREAS, apportion(la_births[year], weights)):
            out[(a.code, year)] = n
    return out


def transfer_expected(year6):
    """Expected Year 7 of each secondary area from Year 6 {primary area: pupils} a year earlier."""
    return {
        s.code: sum(float(TRANSFER[p][s.code]) * n for p, n in year6.items()) for s in SECONDARY_AREAS
    }


def year7_entry_weights(entry_year, primary, effects):
    """Expected Year 7 intake of each secondary area in entry_year.

    Uses the split Year 6 counts when the previous year is in the data, otherwise
    the primary share model (cohorts that were in Year 6 before 2011).
    """
    year6 = entry_year - 1
    if year6 in PUPIL_YEARS:
        return transfer_expected({a.code: primary[(a.code, year6, "6")] for a in PRIMARY_AREAS})
    return transfer_expected({a.code: math.exp(primary_log_weight(a, year6 - 6, 6, effects)) for a in PRIMARY_AREAS})


def split_secondary(la_pupils, primary, effects, seed):
    """Secondary pupils {(area, year, group): n}.

    Years 7-11 follow the Year 7 intake implied by transfer.csv and then drift;
    sixth-form pupils (12, 13) are split by fixed sixth-form weights.
    """
    rng = stream(seed, "secondary")
    entry_years = range(min(PUPIL_YEARS) - 4, max(PUPIL_YEARS) + 1)
    entry_log_weight = {}
    for entry_year in entry_years:
        expected = year7_entry_weights(entry_year, primary, effects)
        for s in SECONDARY_AREAS:
            entry_log_weight[(s.code, entry_year)] = math.log(expected[s.code]) + rng.gauss(0, ENTRY_NOISE)
    out = {}
    for year in PUPIL_YEARS:
        for group in SECONDARY_GROUPS:
            years_since_entry = year_index(group) - 7
            if group in SIXTH_FORM_GROUPS:
                logs = [math.log(s.sixth_form_weight) + rng.gauss(0, SIXTH_FORM_NOISE) for s in SECONDARY_AREAS]
            else:
                logs = [
                    entry_log_weight[(s.code, year - years_since_entry)]
                    + s.ageing_drift * years_since_entry
                    + rng.gauss(0, CELL_NOISE)
                    for s in SECONDARY_AREAS
                ]
            counts = apportion(la_pupils[(year, group)], [math.exp(x) for x in logs])
            for s, n in zip(SECONDARY_AREAS, counts):
                out[(s.code, year, group)] = n
    return out


# ---------------------------------------------------------------- schools and housing


def area_capacities(rolls, areas, total):
    """Net capacity per area: hits each area's target surplus, scaled to the LA total."""
    weights = [rolls[a.code] / (1 - a.target_surplus) for a in areas]
    return dict(zip((a.code for a in areas), apportion(total, weights)))


def spread(total, n, rng):
    """Split a small (possibly negative) integer over n items as evenly as possible."""
    q, r = divmod(abs(total), n)
    sign = 1 if total >= 0 else -1
    extra = set(rng.sample(range(n), r))
    return [sign * (q + (i in extra)) for i in range(n)]


def primary_pans(total_pan, rng):
    """PANs (multiples of 15, mostly 30/45/60/90) adding up to total_pan."""
    values = list(PRIMARY_PAN_WEIGHTS)
    weights = list(PRIMARY_PAN_WEIGHTS.values())
    pans = []
    remaining = total_pan
    while remaining > max(values):
        pan = rng.choices(values, weights)[0]
        if pan <= remaining - min(values):
            pans.append(pan)
            remaining -= pan
    if remaining >= min(values) or not pans:
        pans.append(remaining)
    else:
        pans[-1] += remaining
    rng.shuffle(pans)
    return pans


def secondary_pans(total_pan, rng):
    """PANs (multiples of 15 within SECONDARY_PAN_RANGE) adding up to total_pan."""
    low, high = SECONDARY_PAN_RANGE
    n = max(1, round(total_pan / SECONDARY_PAN_PER_SCHOOL))
    assert low * n <= total_pan <= high * n, "no PAN split in range"
    pans = [low] * n
    for _ in range((total_pan - low * n) // 15):
        i = rng.choice([i for i, pan in enumerate(pans) if pan < high])
        pans[i] += 15
    return pans


def build_schools(primary_caps, secondary_caps, sixth_places, seed):
    """School rows (id, name, phase, area, pan, net_capacity) matching area capacities exactly."""
    rng = stream(seed, "schools")
    schools = []
    for a in PRIMARY_AREAS:
        cap = primary_caps[a.code]
        pans = primary_pans(15 * round(cap / 7 / 15), rng)
        nets = [7 * pan + d for pan, d in zip(pans, spread(cap - 7 * sum(pans), len(pans), rng))]
        schools += [("primary", a.code, pan, net) for pan, net in zip(pans, nets)]
    for s in SECONDARY_AREAS:
        main_places = secondary_caps[s.code] - sixth_places[s.code]
        pans = secondary_pans(15 * round(main_places / 5 / 15), rng)
        nets = [5 * pan + d for pan, d in zip(pans, spread(main_places - 5 * sum(pans), len(pans), rng))]
        nets[rng.randrange(len(nets))] += sixth_places[s.code]
        schools += [("secondary", s.code, pan, net) for pan, net in zip(pans, nets)]
    rows = []
    for phase, prefix, label in (("primary", "PRI", "Primary"), ("secondary", "SEC", "Secondary")):
        for i, (_, area, pan, net) in enumerate((x for x in schools if x[0] == phase), start=1):
            rows.append((f"{prefix}{i:03d}", f"Illustrative {label} {i}", phase, area, pan, net))
    return rows


# Illustrative share of schools that are their own admission authority (academies, free, voluntary-aided and
# foundation schools), by phase; the rest, and the special schools, have the LA as admission authority.
OWN_ADMISSION_SHARE = {"primary": 0.25, "secondary": 0.75}


def admission_authorities(schools, seed):
    """{school_id: "la" or "own"}: each mainstream school is its own admission authority with its phase's share,
    drawn from its own seeded stream so that the other files do not change."""
    rng = stream(seed, "admission_authority")
    return {s[0]: "own" if rng.random() < OWN_ADMISSION_SHARE.get(s[2], 0) else "la" for s in sorted(schools)}


# Illustrative special schools (all-age; planned LA-wide with the SEND forecast): (area, places).
SPECIAL_SCHOOLS = (("P01", 150), ("P04", 120), ("S01", 220), ("S03", 180))


def special_schools():
    """Special-school rows (id, name, "special", area, pan 0, places): about 670 places, near Southampton's
    2019 need for maintained special places under the default setting shares, so growth in plans shows up."""
    return [(f"SPE{i:03d}", f"Illustrative Special School {i}", "special", area, 0, places)
            for i, (area, places) in enumerate(SPECIAL_SCHOOLS, start=1)]


def sixth_form_places(rolls_2019):
    """Sixth-form places per secondary area: about 1.25x its 2019 roll, rounded up to 10."""
    return {code: 10 * math.ceil(1.25 * n / 10) for code, n in rolls_2019.items()}


def build_housing(seed):
    """Completed dwellings {(area, year): n}: history 2011-2019 and planned 2020-2030."""
    rng = stream(seed, "housing")
    out = {}
    for year in list(HOUSING_HISTORY) + list(HOUSING_PLAN):
        if year in HOUSING_HISTORY:
            total = rng.randint(600, 1000)
            logs = [math.log(a.housing_weight) + rng.gauss(0, HOUSING_NOISE) for a in PRIMARY_AREAS]
        else:
            total = 850 + 15 * (year - min(HOUSING_PLAN)) + rng.randint(-40, 40)
            logs = [
                math.log(a.planned_housing_weight) + rng.gauss(0, PLANNED_HOUSING_NOISE) for a in PRIMARY_AREAS
            ]
        for a, n in zip(PRIMARY_AREAS, apportion(total, [math.exp(x) for x in logs])):
            out[(a.code, year)] = n
    return out


SCHOOL_ROLL_YEARS = range(2017, 2020)
SCHOOL_EFFECT_NOISE = 0.15  # persistent popularity of a school (log scale)
SCHOOL_YEAR_NOISE = 0.05  # year-to-year wobble (log scale)


def build_school_rolls(pupils, schools, seed):
    """Illustrative census rolls {(school, year, group): n} for the last three census years.

    Each planning area's pupils in each year group are shared among its schools in proportion to their places
    (PAN, or sixth-form places for Years 12-13) times a persistent popularity effect and a small yearly wobble,
    so that the school rolls add up exactly to the area's pupils.
    """
    rng = stream(seed, "school_rolls")
    effect = {s[0]: rng.gauss(0, SCHOOL_EFFECT_NOISE) for s in sorted(schools)}
    out = {}
    for (area, year, group), total in sorted(pupils.items()):
        if year not in SCHOOL_ROLL_YEARS:
            continue
        in_area = [s for s in sorted(schools) if s[3] == area]
        if group in SIXTH_FORM_GROUPS:
            places = [max(0, s[5] - 5 * s[4]) / 2 for s in in_area]
        else:
            places = [s[4] for s in in_area]
        if sum(places) == 0:
            places = [s[4] for s in in_area]
        weights = [p * math.exp(effect[s[0]] + rng.gauss(0, SCHOOL_YEAR_NOISE)) if p > 0 else 0
                   for s, p in zip(in_area, places)]
        for s, n in zip(in_area, apportion(total, weights)):
            out[(s[0], year, group)] = n
    return out


# ---------------------------------------------------------------- checks and output


def rolls(pupils, year, groups):
    """Pupils on roll per area in a year, over the given year groups."""
    out = {}
    for (area, y, group), n in pupils.items():
        if y == year and group in groups:
            out[area] = out.get(area, 0) + n
    return out


def check(la_pupils, la_births, capacity, pupils, births, schools, housing):
    """Assert the split reproduces the published totals and is well formed."""
    for (year, group), total in la_pupils.items():
        areas = PRIMARY_AREAS if group in PRIMARY_GROUPS else SECONDARY_AREAS
        assert sum(pupils[(a.code, year, group)] for a in areas) == total, (year, group)
    assert len(pupils) == len(PUPIL_YEARS) * (7 * len(PRIMARY_AREAS) + 7 * len(SECONDARY_AREAS))
    for year, total in la_births.items():
        assert sum(births[(a.code, year)] for a in PRIMARY_AREAS) == total, year
    for values in (pupils.values(), births.values(), housing.values()):
        assert all(isinstance(n, int) and n >= 0 for n in values)
    for p, shares in TRANSFER.items():
        assert all(0 <= float(x) <= 1 for x in shares.values()) and sum(map(float, shares.values())) <= 1, p
        assert set(shares) == {s.code for s in SECONDARY_AREAS}
    assert set(TRANSFER) == {a.code for a in PRIMARY_AREAS}
    for phase, places in capacity.items():
        phase_schools = [s for s in schools if s[2] == phase]
        assert sum(s[5] for s in phase_schools) == places, phase
        assert all(s[4] % 15 == 0 and s[4] > 0 and s[5] > 0 for s in phase_schools), phase
    primary_count = sum(s[2] == "primary" for s in schools)
    assert 50 <= primary_count <= 70 and 10 <= len(schools) - primary_count <= 14, "school counts"


def write_outputs(pupils, births, schools, housing, school_rolls, authorities, folder):
    """Write the illustrative split files atomically into `folder` (`authorities`: {school_id: "la" or "own"})."""
    names = {a.code: a.name for a in PRIMARY_AREAS + SECONDARY_AREAS}
    areas = [(a.code, a.name, "primary", LA_CODE) for a in PRIMARY_AREAS]
    areas += [(s.code, s.name, "secondary", LA_CODE) for s in SECONDARY_AREAS]
    pupil_rows = [
        (area, names[area], year, group, n)
        for (area, year, group), n in sorted(pupils.items(), key=lambda kv: (kv[0][0], kv[0][1], year_index(kv[0][2])))
    ]
    transfer = [(p, s, share) for p in sorted(TRANSFER) for s, share in sorted(TRANSFER[p].items())]
    files = {
        "planning_areas.csv": (("area_code", "area_name", "phase", "la_code"), areas),
        "pupils.csv": (("area_code", "area_name", "year", "year_group", "pupils"), pupil_rows),
        "births.csv": (("area_code", "year", "births"), [(*k, n) for k, n in sorted(births.items())]),
        "transfer.csv": (("from_area", "to_area", "share"), transfer),
        "schools.csv": (
            ("school_id", "school_name", "phase", "area_code", "pan", "net_capacity", "admission_authority"),
            [(*s, authorities.get(s[0], "la")) for s in sorted(schools)],
        ),
        "housing.csv": (("area_code", "year", "dwellings"), [(*k, n) for k, n in sorted(housing.items())]),
        "school_rolls.csv": (
            ("school_id", "year", "year_group", "pupils"),
            [(*k, n) for k, n in sorted(school_rolls.items(), key=lambda kv: (kv[0][0], kv[0][1], year_index(kv[0][2])))],
        ),
    }
    for name, (header, rows) in files.items():
        write_atomic(folder / name, csv_text(header, rows))


def print_summary(pupils, births, schools):
    """Print 2019 rolls, capacity and surplus per area, and plausibility ratios."""
    print("area  phase      roll2019  capacity  surplus")
    phases = ((PRIMARY_AREAS, "primary", PRIMARY_GROUPS), (SECONDARY_AREAS, "secondary", SECONDARY_GROUPS))
    for areas, phase, groups in phases:
        roll = rolls(pupils, 2019, groups)
        for a in areas:
            cap = sum(s[5] for s in schools if s[3] == a.code)
            print(f"{a.code}   {phase:<9} {roll[a.code]:>9} {cap:>9} {100 * (1 - roll[a.code] / cap):>7.1f}%")
        total_roll, total_cap = sum(roll.values()), sum(s[5] for s in schools if s[2] == phase)
        print(f"all   {phase:<9} {total_roll:>9} {total_cap:>9} {100 * (1 - total_roll / total_cap):>7.1f}%")

    def ratios(areas, groups):
        return [
            pupils[(a.code, y + 1, YEAR_GROUPS[year_index(g) + 1])] / pupils[(a.code, y, g)]
            for a in areas for y in PUPIL_YEARS[:-1] for g in groups
        ]

    primary_survival = ratios(PRIMARY_AREAS, PRIMARY_GROUPS[:-1])
    secondary_survival = ratios(SECONDARY_AREAS, SECONDARY_GROUPS[:4])
    reception = [pupils[(a.code, y, "R")] / births[(a.code, y - 4)] for a in PRIMARY_AREAS for y in PUPIL_YEARS]
    year7 = [
        pupils[(s.code, y, "7")]
        / transfer_expected({a.code: pupils[(a.code, y - 1, "6")] for a in PRIMARY_AREAS})[s.code]
        for s in SECONDARY_AREAS for y in PUPIL_YEARS[1:]
    ]
    for label, values in (
        ("primary cohort survival R->6", primary_survival),
        ("secondary cohort survival 7->11", secondary_survival),
        ("reception / births(Y-4)", reception),
        ("Y7 / transfer-expected", year7),
    ):
        values = sorted(values)
        median = values[len(values) // 2]
        print(f"{label:<32} min {values[0]:.3f}  median {median:.3f}  max {values[-1]:.3f}")


def main():
    """Parse arguments, build, check and write the dataset."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2026, help="seed of the illustrative split (default 2026)")
    parser.add_argument("--refresh-from", metavar="DIR", help="re-extract published figures from an england_la folder")
    parser.add_argument("--out", metavar="DIR", default=str(INPUTS),
                        help="folder for the illustrative split files (default: inputs/; used by the tests to "
                        "check that the committed files are reproducible)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    published = extract_published(args.refresh_from) if args.refresh_from else None
    la_pupils, la_births, capacity = load_source(published)

    effects = cohort_effects(args.seed)
    pupils = split_primary(la_pupils, effects, args.seed)
    pupils.update(split_secondary(la_pupils, pupils, effects, args.seed))
    births = split_births(la_births, effects, args.seed)

    primary_rolls = rolls(pupils, 2019, PRIMARY_GROUPS)
    secondary_rolls = rolls(pupils, 2019, SECONDARY_GROUPS)
    sixth_places = sixth_form_places(rolls(pupils, 2019, SIXTH_FORM_GROUPS))
    schools = build_schools(
        area_capacities(primary_rolls, PRIMARY_AREAS, capacity["primary"]),
        area_capacities(secondary_rolls, SECONDARY_AREAS, capacity["secondary"]),
        sixth_places,
        args.seed,
    )
    housing = build_housing(args.seed)
    school_rolls = build_school_rolls(pupils, schools, args.seed)
    for (area, year, group), total in pupils.items():
        if year in SCHOOL_ROLL_YEARS:
            assert sum(n for (s, y, g), n in school_rolls.items()
                       if y == year and g == group and any(x[0] == s and x[3] == area for x in schools)) == total

    check(la_pupils, la_births, capacity, pupils, births, schools, housing)
    if published:
        for path, text in published.items():
            write_atomic(path, text)
    authorities = admission_authorities(schools, args.seed)
    write_outputs(pupils, births, schools + special_schools(), housing, school_rolls, authorities, out)
    print_summary(pupils, births, schools)


if __name__ == "__main__":
    main()
