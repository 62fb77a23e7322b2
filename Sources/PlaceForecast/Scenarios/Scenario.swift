/// Places added to (or, negative, removed from) a planning area from `from` until `until` (temporary) or for good.
public struct CapacityChange: Equatable, Sendable {
    public let areaCode: String
    public let phase: Phase
    public let places: Double
    public let from: AcademicYear
    /// Last year of a temporary change; nil = permanent.
    public let until: AcademicYear?

    public init(areaCode: String, phase: Phase, places: Double, from: AcademicYear, until: AcademicYear?) {
        self.areaCode = areaCode
        self.phase = phase
        self.places = places
        self.from = from
        self.until = until
    }
}

/// A what-if: changes to supply (PANs, schools, places) and demand (births, housing, SEND growth, method)
/// relative to the base. Every field is optional; an empty scenario is the base.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    public var panChanges: [PANChange] = []
    /// Schools that close: the year given is the last with pupils.
    public var closures: [(schoolID: String, lastYear: AcademicYear)] = []
    public var openings: [School] = []
    public var capacityChanges: [CapacityChange] = []
    /// Births changed by this per cent in every area, for every births year that feeds a forecast Reception
    /// (years after origin − 4): a births variant on the intake assumption.
    public var birthsPercent: Double?
    /// Births replaced: `[area: [birthsYear: births]]`.
    public var birthsReplacement: [String: [Int: Double]] = [:]
    /// Planned completions after the origin scaled by this per cent.
    public var housingPercent: Double?
    /// Planned completions after the origin moved this many years later.
    public var housingDelayYears: Int = 0
    /// EHC plans' projected growth changed by this many percentage points a year.
    public var sendGrowthPoints: Double?
    /// A forecast model to use instead of the base one (a name or file, resolved by the command line).
    public var model: String?

    public init(name: String, description: String = "") {
        self.name = name
        self.description = description
    }

    /// True when the forecast itself must be re-run (births, housing or method change); otherwise the base
    /// forecast is reused and only supply is recomputed.
    public var changesDemand: Bool {
        birthsPercent != nil || !birthsReplacement.isEmpty || housingPercent != nil || housingDelayYears != 0 || model != nil
    }

    /// The supply after this scenario's school, PAN and capacity changes. Capacity changes become area-level
    /// pseudo-schools (id `capacity:AREA:N`) whose PAN is the places spread over the phase's year groups.
    public func applied(to supply: SupplyPlan) -> SupplyPlan {
        let closing = Dictionary(closures.map { ($0.schoolID, $0.lastYear) }, uniquingKeysWith: min)
        var schools = supply.schools.map { school -> School in
            guard let last = closing[school.id] else { return school }
            return School(id: school.id, name: school.name, phase: school.phase, areaCode: school.areaCode, pan: school.pan,
                          secondaryPAN: school.secondaryPAN, netCapacity: school.netCapacity, opens: school.opens,
                          closes: min(last, school.closes ?? last))
        }
        schools += openings
        for (index, change) in capacityChanges.enumerated() {
            let cohorts = Double(PlanningRules.yearGroupsPerFormOfEntry(change.phase))
            schools.append(School(id: "capacity:\(change.areaCode):\(index + 1)", name: "Places added by the scenario",
                                  phase: change.phase == .primary ? .primary : .secondary, areaCode: change.areaCode,
                                  pan: change.places / cohorts, netCapacity: change.places, opens: change.from,
                                  closes: change.until))
        }
        return SupplyPlan(schools: schools, panChanges: supply.panChanges + panChanges)
    }

    /// The forecast inputs after this scenario's births and housing changes.
    public func applied(to inputs: ForecastInputs, origin: AcademicYear) -> ForecastInputs {
        var result = inputs
        if birthsPercent != nil || !birthsReplacement.isEmpty {
            let factor = 1 + (birthsPercent ?? 0) / 100
            var byArea = inputs.births.byArea
            for (area, series) in byArea {
                let firstVaried = origin.receptionBirthsYear
                byArea[area] = Dictionary(uniqueKeysWithValues: series.map { ($0.key, $0.key > firstVaried ? $0.value * factor : $0.value) })
            }
            for (area, replacement) in birthsReplacement { byArea[area, default: [:]].merge(replacement) { _, new in new } }
            result.births = BirthSeries(byArea)
        }
        if let housing = inputs.housing, housingPercent != nil || housingDelayYears != 0 {
            let factor = 1 + (housingPercent ?? 0) / 100
            result.housing = HousingSeries(housing.byArea.mapValues { series in
                var moved: [AcademicYear: Double] = [:]
                for (year, dwellings) in series {
                    if year > origin {
                        moved[year.advanced(by: housingDelayYears), default: 0] += dwellings * factor
                    } else {
                        moved[year, default: 0] += dwellings
                    }
                }
                return moved
            })
        }
        return result
    }
}
