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

/// Shares a planning area's pupils out to its schools, year group by year group, so that school rolls exist
/// for capacity and finance while the area totals stay exactly those of the area forecast.
///
/// A school's share of a year group is its mean share of the area's pupils in that year group over the last
/// (up to) three census years; a school with no census history (or an area with no school rolls at all) is
/// shared by places instead. With `capToPlaces`, no school gets more than its places while another has room:
/// the excess is passed to schools with room in proportion to their shares (water-filling); if every school
/// is full, the remainder is shared by places, so the area total is always kept.
public struct SchoolAllocator: Sendable {
    public let supply: SupplyPlan
    public let rolls: SchoolRolls?
    public let capToPlaces: Bool
    /// The last census year (shares are taken from it and up to two years before).
    public let censusYear: AcademicYear

    public init(supply: SupplyPlan, rolls: SchoolRolls?, capToPlaces: Bool, censusYear: AcademicYear) {
        self.supply = supply
        self.rolls = rolls
        self.capToPlaces = capToPlaces
        self.censusYear = censusYear
    }

    /// `total` pupils of `group` in `area`, `year`, by school id.
    public func allocate(_ total: Double, area: String, group: YearGroup, year: AcademicYear) -> [String: Double] {
        let schools = supply.schools.filter {
            $0.areaCode == area && $0.isOpen(in: year) && $0.phase.yearGroups.contains(group)
        }
        guard !schools.isEmpty else { return [:] }
        let places = schools.map { supply.places($0, group, year) }
        let weights = shares(schools, places: places, area: area, group: group)
        var allocation = Self.split(total, weights: weights)
        if capToPlaces { allocation = Self.capped(total, weights: weights, places: places) }
        return Dictionary(uniqueKeysWithValues: zip(schools.map(\.id), allocation))
    }

    /// Census shares where the school has history, places shares otherwise, normalised to sum to one.
    private func shares(_ schools: [School], places: [Double], area: String, group: YearGroup) -> [Double] {
        let years = (0..<3).map { censusYear.advanced(by: -$0) }
        let areaSchools = supply.schools.filter { $0.areaCode == area }
        let shares: [Double?] = schools.map { school in
            guard let rolls else { return nil }
            var observed: [Double] = []
            for year in years {
                guard let own = rolls.pupils(school.id, year, group) else { continue }
                let areaTotal = areaSchools.reduce(0) { $0 + (rolls.pupils($1.id, year, group) ?? 0) }
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
