/// Evaluates PAN changes against a fixed forecast without re-fitting anything: capacity of each planning area
/// and year is the base capacity plus, for every changed school, (new PAN − old PAN) × the number of cohorts
/// admitted at the new PAN by that year. Only the changed schools' areas are recomputed.
public struct PANEvaluator: Sendable {
    /// Everything about one planning area that a PAN change does not alter.
    public struct AreaBase: Sendable {
        public let area: PlanningArea
        public let years: [AcademicYear]
        /// Capacity with no change, per year.
        public let capacity: [Double]
        /// Point forecast and upper 80% and 95% bounds of the area's pupils (sums over year groups), per year.
        public let pupils: [Double]
        public let pupilsUpper80: [Double]
        public let pupilsUpper95: [Double]
        /// Entry-year (Reception or Year 7) pupils' upper 80% and 95% bounds, and places, per year.
        public let entryUpper80: [Double]
        public let entryUpper95: [Double]
        public let entryPlaces: [Double]
        /// The entry year group of the area's phase.
        public var entry: YearGroup { PlanningRules.entryYearGroup(of: area.phase) }
    }

    public let bases: [String: AreaBase]
    public let supply: SupplyPlan
    public let settings: PlanningSettings
    private let schoolsByID: [String: School]

    /// Precomputes every area's base from a forecast (census in the origin year is not part of the horizon).
    public init(forecast: Forecast, areas: [PlanningArea], supply: SupplyPlan, settings: PlanningSettings) {
        self.supply = supply
        self.settings = settings
        schoolsByID = Dictionary(uniqueKeysWithValues: supply.schools.map { ($0.id, $0) })
        let years = Array(forecast.years)
        var pupils: [String: [AcademicYear: [Double]]] = [:]
        for row in forecast.rows {
            var sum = pupils[row.area.code]?[row.year] ?? [0, 0, 0, 0, 0]
            let entry = row.yearGroup == PlanningRules.entryYearGroup(governing: row.yearGroup)
            let upper80 = row.interval80?.upperBound ?? row.pupils
            let upper95 = row.interval95?.upperBound ?? row.pupils
            sum[0] += row.pupils
            sum[1] += upper80
            sum[2] += upper95
            if entry {
                sum[3] += upper80
                sum[4] += upper95
            }
            pupils[row.area.code, default: [:]][row.year] = sum
        }
        var bases: [String: AreaBase] = [:]
        for area in areas {
            let entry = PlanningRules.entryYearGroup(of: area.phase)
            bases[area.code] = AreaBase(
                area: area, years: years,
                capacity: years.map { supply.capacity(area: area.code, phase: area.phase, $0) },
                pupils: years.map { pupils[area.code]?[$0]?[0] ?? 0 },
                pupilsUpper80: years.map { pupils[area.code]?[$0]?[1] ?? 0 },
                pupilsUpper95: years.map { pupils[area.code]?[$0]?[2] ?? 0 },
                entryUpper80: years.map { pupils[area.code]?[$0]?[3] ?? 0 },
                entryUpper95: years.map { pupils[area.code]?[$0]?[4] ?? 0 },
                entryPlaces: years.map { supply.places(area: area.code, entry, $0) })
        }
        self.bases = bases
    }

    /// Capacity and entry places of an area after `changes` (each a school, first intake year and new PAN).
    public func evaluate(area: String, changes: [PANChange]) -> (capacity: [Double], entryPlaces: [Double]) {
        let base = bases[area]!
        var capacity = base.capacity
        var entry = base.entryPlaces
        for change in changes {
            guard let school = schoolsByID[change.schoolID], school.serves(area: area, change.entryGroup) else {
                continue
            }
            let old = supply.pan(school, entry: change.entryGroup, intakeYear: change.fromYear)
            let delta = change.newPAN - old
            // Cohorts admitted at this entry year group that the school teaches (an infant school 3, a junior 4).
            let cohorts = school.yearGroups.filter {
                $0.phase != .sixthForm && school.entryYearGroup(governing: $0) == change.entryGroup
            }.count
            for (index, year) in base.years.enumerated() where year >= change.fromYear && school.isOpen(in: year) {
                capacity[index] += delta * Double(min(cohorts, change.fromYear.distance(to: year) + 1))
                if change.entryGroup == base.entry { entry[index] += delta }
            }
        }
        return (capacity, entry)
    }

    /// Surplus per cent per year for given capacities.
    public func surplusPercent(area: String, capacity: [Double]) -> [Double] {
        let pupils = bases[area]!.pupils
        return zip(capacity, pupils).map { $0 > 0 ? 100 * ($0 - $1) / $0 : -100 }
    }
}
