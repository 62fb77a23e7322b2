/// A school that closes: `lastYear` is the last academic year with pupils.
public struct SchoolClosure: Hashable, Sendable {
    public let schoolID: String
    public let lastYear: AcademicYear

    public init(schoolID: String, lastYear: AcademicYear) {
        self.schoolID = schoolID
        self.lastYear = lastYear
    }
}

/// A forecast model named by a scenario: one of the named models (`models/NAME.yaml` or a built-in such as
/// `auto`), or a model file given by its path.
public enum ModelReference: Hashable, Sendable {
    case named(String)
    case file(path: String)

    /// A model given by path (it has a `/` or ends in `.yaml`/`.yml`) or by name.
    public init(_ text: String) {
        let isPath = text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml")
        self = isPath ? .file(path: text) : .named(text)
    }

    /// The name or path as written.
    public var reference: String {
        switch self {
        case .named(let name): return name
        case .file(let path): return path
        }
    }
}

/// A what-if: changes to supply (PANs, schools, places) and demand (births, housing, SEND growth, method)
/// relative to the base. Every field is optional; an empty scenario is the base.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    public var panChanges: [PANChange] = []
    /// Schools that close: the year given is the last with pupils.
    public var closures: [SchoolClosure] = []
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
    /// A forecast model to use instead of the base one (resolved by the command line).
    public var model: ModelReference?
    /// Early-years take-up, entitlement uptake and providers' places (`early_years:`).
    public var earlyYears = EarlyYearsChange()
    /// Warnings about the file that do not stop the run (a change that changes nothing).
    public var warnings: [String] = []

    public init(name: String, description: String = "") {
        self.name = name
        self.description = description
    }

    /// True when the forecast itself must be re-run (births, housing or method change); otherwise the base
    /// forecast is reused and only supply is recomputed.
    public var changesDemand: Bool {
        birthsPercent != nil || !birthsReplacement.isEmpty || housingPercent != nil || housingDelayYears != 0
            || model != nil
    }

    /// The supply after this scenario's school, PAN and capacity changes.
    public func applied(to supply: SupplyPlan) -> SupplyPlan {
        let closing = Dictionary(closures.map { ($0.schoolID, $0.lastYear) }, uniquingKeysWith: min)
        var schools = supply.schools.map { school -> School in
            guard let last = closing[school.id] else { return school }
            return school.closing(after: last)
        }
        schools += openings
        return SupplyPlan(
            schools: schools, panChanges: supply.panChanges + panChanges,
            capacityChanges: supply.capacityChanges + capacityChanges)
    }

    /// The forecast inputs after this scenario's births and housing changes.
    public func applied(to inputs: ForecastInputs, origin: AcademicYear) -> ForecastInputs {
        var result = inputs
        if birthsPercent != nil || !birthsReplacement.isEmpty {
            let factor = 1 + (birthsPercent ?? 0) / 100
            var byArea = inputs.births.byArea
            for (area, series) in byArea {
                let firstVaried = origin.receptionBirthsYear
                byArea[area] = Dictionary(
                    uniqueKeysWithValues: series.map { ($0.key, $0.key > firstVaried ? $0.value * factor : $0.value) })
            }
            for (area, replacement) in birthsReplacement {
                byArea[area, default: [:]].merge(replacement) { _, new in new }
            }
            result.births = BirthSeries(byArea)
        }
        if let housing = inputs.housing, housingPercent != nil || housingDelayYears != 0 {
            let factor = 1 + (housingPercent ?? 0) / 100
            result.housing = HousingSeries(
                housing.byArea.mapValues { series in
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

/// What a scenario changes in early years: trend take-up by a per cent, the new entitlements' take-up by a
/// factor, and providers' places by age band.
public struct EarlyYearsChange: Equatable, Sendable {
    /// Trend take-up changed by this per cent in every forecast year (−10: a tenth lower).
    public var takeUpChangePercent: Double = 0
    /// The new entitlements' take-up multiplied by this (1: as assumed in early_years.yaml).
    public var entitlementUptake: Double = 1
    /// Providers' new places: `[provider id: [age band: places]]`.
    public var providerPlaces: [String: [EarlyYearsAge: Double]] = [:]

    public init() {}

    public var isEmpty: Bool { takeUpChangePercent == 0 && entitlementUptake == 1 && providerPlaces.isEmpty }
}
