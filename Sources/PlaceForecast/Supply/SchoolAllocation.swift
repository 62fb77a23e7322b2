/// Pupils on roll by school, academic year and year group (school census).
public struct SchoolRolls: Sendable {
    /// `bySchool[schoolID][year][group]`.
    public let bySchool: [String: [AcademicYear: [YearGroup: Double]]]

    public init(_ bySchool: [String: [AcademicYear: [YearGroup: Double]]]) { self.bySchool = bySchool }

    public func pupils(_ school: String, _ year: AcademicYear, _ group: YearGroup) -> Double? {
        bySchool[school]?[year]?[group]
    }

    /// A school's whole roll in `year`, over the given groups; nil when the school has no rows that year.
    public func roll(_ school: String, _ year: AcademicYear, groups: [YearGroup]) -> Double? {
        guard let byGroup = bySchool[school]?[year] else { return nil }
        return groups.reduce(0) { $0 + (byGroup[$1] ?? 0) }
    }
}

/// How a planning area's pupils are shared out to its schools (`school_shares` in planning.yaml).
public enum SchoolShareRule: String, CaseIterable, Sendable {
    /// The default. Entry year groups (Reception, Year 7) are admitted by preference but no school above its PAN
    /// for that intake; the overflow goes to the area's schools with room, and what cannot be placed is unplaced
    /// demand. Every other year group follows its cohort from the school that admitted it.
    case respectPANs = "respect_pans"
    /// Every year group and year re-drawn from the schools' census shares, whatever their places (the rule before
    /// `respect_pans`; `cap_to_capacity: false`).
    case historical
    /// `historical`, water-filled so that no school is above its places while another has room; when every school
    /// is full the rest is shared by places (`cap_to_capacity: true`).
    case historicalCapped = "historical_capped"
}

/// One planning area's pupils shared out to its schools over a run of years.
///
/// For every year and year group, the schools' pupils plus the unplaced demand equal the area's pupils (to
/// rounding).
public struct AreaAllocation: Sendable {
    public let area: String
    /// `bySchool[year][group][schoolID]`.
    public var bySchool: [AcademicYear: [YearGroup: [String: Double]]] = [:]
    /// Pupils of the area's forecast that no school of the area has room for, by year and year group (always 0
    /// under the `historical` rules).
    public var unplaced: [AcademicYear: [YearGroup: Double]] = [:]

    public init(area: String) { self.area = area }

    /// Pupils of `group` in `year` by school id.
    public func pupils(_ year: AcademicYear, _ group: YearGroup) -> [String: Double] { bySchool[year]?[group] ?? [:] }

    /// Unplaced pupils of `group` in `year`.
    public func unplaced(_ year: AcademicYear, _ group: YearGroup) -> Double { unplaced[year]?[group] ?? 0 }

    /// Unplaced pupils in `year`, over every year group.
    public func unplaced(_ year: AcademicYear) -> Double { unplaced[year]?.values.reduce(0, +) ?? 0 }

    /// A school's roll in `year` over the area's year groups.
    public func roll(_ school: String, _ year: AcademicYear) -> Double {
        bySchool[year]?.values.reduce(0) { $0 + ($1[school] ?? 0) } ?? 0
    }
}

/// Shares a planning area's pupils out to its schools, so that school rolls exist for capacity and finance while
/// the area totals stay exactly those of the area forecast (schools' pupils + unplaced demand = area pupils).
///
/// **Preference share.** A school's preference share of a year group is its mean share of the area's pupils in
/// that year group over the last (up to) three census years; a school with no census history (a new school), or
/// an area with no school rolls at all, is shared by places instead (the newcomers take their share of places, the
/// others share the rest in proportion to their census shares).
///
/// **`respectPANs`** (the default), with `allocateArea`:
/// - *Origin year* (the census year): each year group is shared by the schools' census shares of that year, so
///   the origin reproduces the census rolls (scaled to the area total when it differs from the schools' sum).
/// - *Intake year groups* (Reception and Year 7, and the first year group of an area): the area's pupils are
///   shared by preference share, but no school above its places for that intake (its PAN after PAN changes).
///   The overflow goes to the schools with room in proportion to their preference shares (water-filling); what no
///   school has room for is unplaced demand. Year 12 is re-drawn by preference share too, uncapped (staying on is
///   not an admission at a PAN).
/// - *Entry year groups within a phase* (Year 3 of an area with junior schools): the cohort's pupils whose school's
///   range has ended (an infant school's Year 2) are shared first among the schools admitting at that year group
///   (junior schools), by preference share up to their PAN, and what they cannot take goes to every school with
///   room, as below; schools teaching the year before (primary schools) keep their own cohorts.
/// - *Every other year group* follows its cohort: a school's pupils in g+1 next year are its pupils in g this year
///   times the area's survival for that cohort (area pupils in g+1 next year / area pupils in g this year), and
///   the cohort's unplaced pupils likewise. So a school's share of a cohort is carried from its intake, and a PAN
///   cut lowers the school's roll cohort by cohort. Pupils a school already has are never moved, but growth
///   (survival above 1) beyond its places for that cohort, pupils of a school that has closed, and the cohort's
///   unplaced pupils go to the schools with room for that cohort, by preference share; the rest stays unplaced.
/// - *No step at the origin*: cohorts continue from their census shares, so in the first forecast year only the
///   new intake is shared afresh (by its recent average); with unchanged area totals every other year group keeps
///   the census share its cohort had.
///
/// **`historical`** re-draws every year group and year from the preference shares, whatever the places;
/// **`historicalCapped`** water-fills those shares up to places and shares any excess by places (no unplaced).
public struct SchoolAllocator: Sendable {
    public let supply: SupplyPlan
    public let rolls: SchoolRolls?
    public let rule: SchoolShareRule
    /// The last census year (shares are taken from it and up to two years before).
    public let censusYear: AcademicYear

    /// Whether the per-year-group `allocate` caps schools at their places (`historicalCapped`).
    public var capToPlaces: Bool { rule == .historicalCapped }

    public init(
        supply: SupplyPlan, rolls: SchoolRolls?, rule: SchoolShareRule = PlanningRules.defaultSchoolShareRule,
        censusYear: AcademicYear
    ) {
        self.supply = supply
        self.rolls = rolls
        self.rule = rule
        self.censusYear = censusYear
    }

    /// The rules before `respect_pans`: `historicalCapped` when `capToPlaces`, else `historical`.
    public init(supply: SupplyPlan, rolls: SchoolRolls?, capToPlaces: Bool, censusYear: AcademicYear) {
        self.init(
            supply: supply, rolls: rolls, rule: capToPlaces ? .historicalCapped : .historical, censusYear: censusYear)
    }

    /// `total` pupils of `group` in `area`, `year`, by school id, taken on their own: the preference shares, capped
    /// at places (water-filling) under `historicalCapped`. It knows no cohorts and no unplaced demand: use
    /// `allocateArea` for the `respectPANs` rule.
    public func allocate(_ total: Double, area: String, group: YearGroup, year: AcademicYear) -> [String: Double] {
        let schools = openSchools(area: area, group: group, year: year)
        guard !schools.isEmpty else { return [:] }
        let places = schools.map { supply.places($0, group, year) }
        let weights = shares(schools, places: places, area: area, group: group)
        var allocation = Self.split(total, weights: weights)
        if capToPlaces { allocation = Self.capped(total, weights: weights, places: places) }
        return Dictionary(uniqueKeysWithValues: zip(schools.map(\.id), allocation))
    }

    /// The area's pupils (`pupils(year, group)`) in `groups` over `years` (ascending and consecutive, the first
    /// being the census year), shared out to its schools by the allocator's rule, with the unplaced demand.
    public func allocateArea(
        _ area: String, groups: [YearGroup], years: [AcademicYear],
        pupils: (AcademicYear, YearGroup) -> Double
    ) -> AreaAllocation {
        var result = AreaAllocation(area: area)
        guard rule == .respectPANs else {
            for year in years {
                for group in groups {
                    let total = pupils(year, group)
                    let shares = allocate(total, area: area, group: group, year: year)
                    result.bySchool[year, default: [:]][group] = shares
                    result.unplaced[year, default: [:]][group] = shares.isEmpty ? total : 0
                }
            }
            return result
        }
        for (step, year) in years.enumerated() {
            for (position, group) in groups.enumerated() {
                let total = pupils(year, group)
                let schools = openSchools(area: area, group: group, year: year)
                guard !schools.isEmpty else {
                    result.bySchool[year, default: [:]][group] = [:]
                    result.unplaced[year, default: [:]][group] = total
                    continue
                }
                let ids = schools.map(\.id)
                let places = schools.map { supply.places($0, group, year) }
                let preference = shares(schools, places: places, area: area, group: group)
                var allocation: [Double]
                var unplaced = 0.0
                let previous = position > 0 ? groups[position - 1] : nil
                let isIntake =
                    previous.map { $0.index != group.index - 1 } ?? true
                    || group == PlanningRules.entryYearGroup(governing: group)
                    || group == PlanningRules.sixthFormYearGroups[0]
                if step == 0 {
                    allocation = Self.split(
                        total,
                        weights: censusShares(schools, area: area, group: group, year: year)
                            ?? preference)
                } else if isIntake {
                    let caps = group.phase == .sixthForm ? places.map { _ in Double.infinity } : places
                    (allocation, unplaced) = Self.waterFill(total, weights: preference, caps: caps)
                } else {
                    // The cohort one year group down, last year, carried up by the area's survival.
                    let lastYear = years[step - 1]
                    let cohort = previous!
                    let lastTotal = pupils(lastYear, cohort)
                    let survival = lastTotal > 0 ? total / lastTotal : 0
                    let last = result.pupils(lastYear, cohort)
                    var pool = lastTotal > 0 ? result.unplaced(lastYear, cohort) * survival : total
                    // Pupils of schools that no longer teach this cohort.
                    pool += last.filter { !ids.contains($0.key) }.reduce(0) { $0 + $1.value * survival }
                    allocation = zip(ids, places).map { id, places in
                        let before = last[id] ?? 0
                        let carried = before * survival
                        let kept = min(carried, max(places, before))
                        pool += carried - kept
                        return kept
                    }
                    var room = zip(places, allocation).map { max(0, $0 - $1) }
                    // Schools admitting at this year group (junior schools at Year 3) take the pupils whose school's
                    // range has ended (infant schools' Year 2) first, by preference share up to their PAN, as at
                    // Reception; the rest goes to every school with room.
                    let entrants = schools.map { $0.entryYearGroups.contains(group) }
                    if entrants.contains(true) {
                        let (first, left) = Self.waterFill(
                            pool, weights: zip(preference, entrants).map { $1 ? $0 : 0 },
                            caps: zip(room, entrants).map { $1 ? $0 : 0 })
                        allocation = zip(allocation, first).map { $0 + $1 }
                        room = zip(room, first).map { $0 - $1 }
                        pool = left
                    }
                    let (extra, rest) = Self.waterFill(pool, weights: preference, caps: room)
                    allocation = zip(allocation, extra).map { $0 + $1 }
                    unplaced = rest
                }
                result.bySchool[year, default: [:]][group] = Dictionary(uniqueKeysWithValues: zip(ids, allocation))
                result.unplaced[year, default: [:]][group] = unplaced
            }
        }
        return result
    }

    private func openSchools(area: String, group: YearGroup, year: AcademicYear) -> [School] {
        supply.schools(in: area, phase: group.phase).filter { $0.teaches(group) && $0.isOpen(in: year) }
    }

    /// The schools' shares of the area's census pupils in `group`, `year`; nil without census pupils that year.
    private func censusShares(_ schools: [School], area: String, group: YearGroup, year: AcademicYear) -> [Double]? {
        guard let rolls else { return nil }
        let own = schools.map { rolls.pupils($0.id, year, group) ?? 0 }
        let sum = own.reduce(0, +)
        return sum > 0 ? own.map { $0 / sum } : nil
    }

    /// `total` shared by `weights` with no school above its cap: what a full school would get goes to the schools
    /// with room in proportion to their weights (or to their room, when those have no weight). Returns the
    /// allocation and what no school had room for.
    static func waterFill(_ total: Double, weights: [Double], caps: [Double]) -> ([Double], Double) {
        var allocation = Array(repeating: 0.0, count: weights.count)
        var remaining = total
        while remaining > PlanningRules.allocationTolerance {
            let open = weights.indices.filter { caps[$0] - allocation[$0] > PlanningRules.allocationTolerance }
            guard !open.isEmpty else { break }
            let weightSum = open.reduce(0) { $0 + weights[$1] }
            let roomSum = open.reduce(0) { $0 + caps[$1] - allocation[$1] }
            var overflow = 0.0
            for index in open {
                let room = caps[index] - allocation[index]
                let fraction =
                    weightSum > 0
                    ? weights[index] / weightSum
                    : (roomSum.isFinite ? room / roomSum : 1 / Double(open.count))
                let portion = remaining * fraction
                allocation[index] += min(portion, room)
                overflow += max(0, portion - room)
            }
            remaining = overflow
        }
        return (allocation, max(0, remaining))
    }

    /// Census shares where the school has history, places shares otherwise, normalised to sum to one.
    private func shares(_ schools: [School], places: [Double], area: String, group: YearGroup) -> [Double] {
        let years = (0..<3).map { censusYear.advanced(by: -$0) }
        let areaSchools = supply.schools(in: area, phase: group.phase).filter { $0.teaches(group) }
        // The area's rolls in each year, summed once (not once per school).
        let areaTotals = years.map { year in
            rolls.map { rolls in areaSchools.reduce(0) { $0 + (rolls.pupils($1.id, year, group) ?? 0) } } ?? 0
        }
        let shares: [Double?] = schools.map { school in
            guard let rolls else { return nil }
            var observed: [Double] = []
            for (year, areaTotal) in zip(years, areaTotals) {
                guard let own = rolls.pupils(school.id, year, group) else { continue }
                if areaTotal > 0 { observed.append(own / areaTotal) }
            }
            return observed.isEmpty ? nil : observed.reduce(0, +) / Double(observed.count)
        }
        // A school without history (a new school) takes its share of places; the others share the rest in
        // proportion to their census shares.
        let totalPlaces = places.reduce(0, +)
        let placeShares = places.map { totalPlaces > 0 ? $0 / totalPlaces : 1 / Double(places.count) }
        let knownSum = shares.compactMap { $0 }.reduce(0, +)
        guard knownSum > 0 else { return placeShares }
        let newcomers = zip(shares, placeShares).filter { $0.0 == nil }.reduce(0) { $0 + $1.1 }
        return zip(shares, placeShares).map { share, placeShare in
            share.map { $0 / knownSum * (1 - newcomers) } ?? placeShare
        }
    }

    static func split(_ total: Double, weights: [Double]) -> [Double] { weights.map { total * $0 } }

    /// Water-filling: shares by weight, no school above its places while another has room.
    static func capped(_ total: Double, weights: [Double], places: [Double]) -> [Double] {
        var allocation = Array(repeating: 0.0, count: weights.count)
        var open = Set(weights.indices)
        var remaining = total
        while remaining > 1e-9, !open.isEmpty {
            let weightSum = open.reduce(0) { $0 + weights[$1] }
            let fallback = weightSum <= 0
            var overflow = 0.0
            var filled: [Int] = []
            for index in open {
                let portion = remaining * (fallback ? 1 / Double(open.count) : weights[index] / weightSum)
                let room = places[index] - allocation[index]
                if portion >= room {
                    allocation[index] += max(0, room)
                    overflow += portion - max(0, room)
                    filled.append(index)
                } else {
                    allocation[index] += portion
                }
            }
            filled.forEach { open.remove($0) }
            remaining = overflow
            if filled.isEmpty { break }
        }
        if remaining > 1e-9 {  // every school full: share the rest by places, keeping the area total
            let placeSum = places.reduce(0, +)
            for index in allocation.indices {
                allocation[index] += remaining * (placeSum > 0 ? places[index] / placeSum : 1 / Double(places.count))
            }
        }
        return allocation
    }
}
