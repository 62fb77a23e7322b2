import Foundation

/// A planning area: a group of schools serving one locality, for one phase.
public struct PlanningArea: Hashable, Sendable {
    public let code: String
    public let name: String
    /// `.primary` (pupils R–6) or `.secondary` (pupils 7–13, sixth forms included).
    public let phase: Phase
    /// The local authority the area belongs to (its code names the LA-total rows).
    public let laCode: String

    public init(code: String, name: String, phase: Phase, laCode: String) {
        self.code = code
        self.name = name
        self.phase = phase
        self.laCode = laCode
    }

    /// Year groups whose pupils fill this area's places.
    public var yearGroups: [YearGroup] {
        phase == .primary ? (0...6).map { YearGroup(index: $0)! } : (7...13).map { YearGroup(index: $0)! }
    }

    /// Year groups per form of entry (7 primary; 5 secondary, sixth form not counted).
    var entryYears: Int { phase == .primary ? 7 : 5 }
}

/// The planner's targets and the property team's assumptions.
public struct PlanningSettings: Equatable, Sendable {
    /// Surplus the LA aims to keep, per cent of capacity (DfE's advised operating margin: about 5%).
    public var targetPercent: Double = 5
    /// Surplus above which places are in excess, per cent.
    public var bandPercent: Double = 10
    /// Plan places against the upper 80% forecast instead of the point forecast.
    public var useUpper80: Bool = false
    /// Years between the decision to build and the places opening.
    public var leadTimeYears: Int = 3
    /// Allow half forms of entry (15 places per year group) in build needs.
    public var allowHalfFormsOfEntry: Bool = false
    /// Cost per place in pounds (DfE scorecard 2025): permanent expansion, new school, temporary.
    public var costPerPlace: [Phase: (expansion: Double, newSchool: Double, temporary: Double)] = [
        .primary: (21_000, 25_100, 9_900), .secondary: (28_900, 30_400, 11_200),
    ]

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.targetPercent == rhs.targetPercent && lhs.bandPercent == rhs.bandPercent && lhs.useUpper80 == rhs.useUpper80
            && lhs.leadTimeYears == rhs.leadTimeYears && lhs.allowHalfFormsOfEntry == rhs.allowHalfFormsOfEntry
            && Phase.allCases.allSatisfy { phase in
                lhs.costPerPlace[phase].map { [$0.expansion, $0.newSchool, $0.temporary] }
                    == rhs.costPerPlace[phase].map { [$0.expansion, $0.newSchool, $0.temporary] }
            }
    }
}

/// Finance's assumptions for deficit risk.
public struct FinanceSettings: Equatable, Sendable {
    /// Pupil-led funding per pupil, pounds a year (2024-25 averages: £5,300 primary, £6,830 secondary).
    public var ratePerPupil: [Phase: Double] = [.primary: 5_300, .secondary: 6_830]
    /// Years by which funding follows rolls (budgets use the previous October census).
    public var censusLagYears: Int = 1
    /// Unfilled shares (per cent) that raise low, medium and high risk.
    public var unfilledThresholds: (low: Double, medium: Double, high: Double) = (10, 15, 25)
    /// Entry-year pupils per form of entry below which a school is at risk (medium).
    public var minimumIntakePerFormOfEntry: Double = 25
    /// Loss of pupil-led income against the census year, per cent, that raises medium (and twice it, high) risk.
    public var incomeLossPercent: Double = 5

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.ratePerPupil == rhs.ratePerPupil && lhs.censusLagYears == rhs.censusLagYears
            && [lhs.unfilledThresholds.low, lhs.unfilledThresholds.medium, lhs.unfilledThresholds.high]
                == [rhs.unfilledThresholds.low, rhs.unfilledThresholds.medium, rhs.unfilledThresholds.high]
            && lhs.minimumIntakePerFormOfEntry == rhs.minimumIntakePerFormOfEntry
            && lhs.incomeLossPercent == rhs.incomeLossPercent
    }
}

/// Surplus status against the target and the upper band.
public enum SurplusStatus: String, Sendable {
    case shortfall, belowTarget = "below target", withinBand = "within band", excess

    public static func of(percent: Double, target: Double, band: Double) -> SurplusStatus {
        if percent < 0 { return .shortfall }
        if percent < target { return .belowTarget }
        if percent <= band { return .withinBand }
        return .excess
    }
}

/// Places against pupils for one planning area (or the LA total), phase and year.
public struct SurplusRow: Equatable, Sendable {
    public let areaCode: String
    public let phase: Phase
    public let year: AcademicYear
    public let capacity: Double
    /// Census pupils in the origin year, forecast pupils after it (trend + housing).
    public let pupils: Double
    public let housingPupils: Double
    public let isForecast: Bool
    public let targetPercent: Double
    public let bandPercent: Double

    public var surplusPlaces: Double { capacity - pupils }
    /// (capacity − pupils) / capacity, per cent; nil when there is no capacity.
    public var surplusPercent: Double? { capacity > 0 ? 100 * surplusPlaces / capacity : nil }
    public var status: SurplusStatus {
        guard let percent = surplusPercent else { return pupils > 0 ? .shortfall : .withinBand }
        return .of(percent: percent, target: targetPercent, band: bandPercent)
    }
}

/// DfE "places needed": pupils − places, positive = a shortfall, per planning area, year group and year.
public struct PlacesNeededRow: Equatable, Sendable {
    public let areaCode: String
    public let phase: Phase
    public let year: AcademicYear
    /// nil for the area's total over its year groups (and for the LA total).
    public let yearGroup: YearGroup?
    /// Point forecast.
    public let pupils: Double
    /// The pupils planned for: the point forecast, or its upper 80% bound when the settings ask.
    public let plannedPupils: Double
    public let capacity: Double
    /// plannedPupils − capacity; for the LA total, the sum of the areas' shortfalls only (a shortfall in one
    /// planning area is never offset by spare places in another).
    public let placesNeeded: Double
}

/// What the property team must build in one planning area.
public struct BuildNeed: Equatable, Sendable {
    public let areaCode: String
    public let phase: Phase
    /// First forecast year with a shortfall; nil when none within the horizon.
    public let firstShortfallYear: AcademicYear?
    public let peakYear: AcademicYear?
    public let peakShortfall: Double
    /// Forms of entry to add (whole, or halves when allowed).
    public let formsOfEntry: Double
    public let placesToBuild: Double
    /// The latest academic year in which to decide, given the lead time.
    public let decisionYear: AcademicYear?
    /// The decision year is the census year or earlier: places are needed sooner than they can be built
    /// (temporary places or bulge classes meanwhile).
    public let isOverdue: Bool
    public let costExpansion: Double
    public let costNewSchool: Double
    public let costTemporary: Double
}

/// A school's projected roll and what it means for its budget.
public struct DeficitRisk: Equatable, Sendable {
    public enum Level: String, Sendable, Comparable {
        case none, low, medium, high
        public static func < (lhs: Self, rhs: Self) -> Bool {
            [Level.none, .low, .medium, .high].firstIndex(of: lhs)! < [Level.none, .low, .medium, .high].firstIndex(of: rhs)!
        }
    }

    public let school: School
    public let year: AcademicYear
    public let roll: Double
    public let housingPupils: Double
    public let censusRoll: Double
    public let capacity: Double
    /// Pupil-led income in `year` against the census year: rate × (roll in year − lag − census roll), pounds.
    public let incomeChange: Double
    /// (capacity − roll) / capacity, 0...1.
    public let unfilledShare: Double
    /// Entry-year pupils per form of entry (30 places).
    public let intakePerFormOfEntry: Double?
    public let level: Level
    public let reasons: [String]

    public var rollChange: Double { roll - censusRoll }
}

/// Everything the supply side produces from one forecast.
public struct PlacePlanningResult: Sendable {
    public let surplus: [SurplusRow]
    public let placesNeeded: [PlacesNeededRow]
    public let buildNeeds: [BuildNeed]
    public let deficitRisk: [DeficitRisk]
}

/// Sets the forecast against places: surplus, places needed, build needs and deficit risk.
public struct PlacePlanner: Sendable {
    public let areas: [PlanningArea]
    public let supply: SupplyPlan
    public let allocator: SchoolAllocator
    public let settings: PlanningSettings
    public let finance: FinanceSettings

    public init(areas: [PlanningArea], supply: SupplyPlan, allocator: SchoolAllocator,
                settings: PlanningSettings = PlanningSettings(), finance: FinanceSettings = FinanceSettings()) {
        self.areas = areas.sorted { $0.code < $1.code }
        self.supply = supply
        self.allocator = allocator
        self.settings = settings
        self.finance = finance
    }

    /// Pupils by area, year and year group: the census in the origin year, the forecast after it.
    struct Pupils {
        var values: [String: [AcademicYear: [YearGroup: (pupils: Double, housing: Double, upper80: Double)]]] = [:]

        func get(_ area: String, _ year: AcademicYear, _ group: YearGroup) -> (pupils: Double, housing: Double, upper80: Double) {
            values[area]?[year]?[group] ?? (0, 0, 0)
        }
    }

    func pupils(_ forecast: Forecast, census: CohortTable) -> Pupils {
        var table = Pupils()
        for area in areas {
            guard let history = census[area.code] else { continue }
            for group in area.yearGroups {
                if let value = history.pupils(forecast.origin, group) {
                    table.values[area.code, default: [:]][forecast.origin, default: [:]][group] = (value, 0, value)
                }
            }
        }
        for row in forecast.rows {
            table.values[row.area.code, default: [:]][row.year, default: [:]][row.yearGroup] =
                (row.pupils, row.housingPupils, row.interval80?.upperBound ?? row.pupils)
        }
        return table
    }

    public func plan(_ forecast: Forecast, census: CohortTable) -> PlacePlanningResult {
        let table = pupils(forecast, census: census)
        let years = Array(forecast.origin...forecast.origin.advanced(by: forecast.horizon))
        let needed = placesNeeded(table, years: Array(years.dropFirst()))
        return PlacePlanningResult(surplus: surplus(table, years: years), placesNeeded: needed,
                                   buildNeeds: buildNeeds(needed, origin: forecast.origin),
                                   deficitRisk: deficitRisk(table, years: years))
    }

    func surplus(_ table: Pupils, years: [AcademicYear]) -> [SurplusRow] {
        var rows: [SurplusRow] = []
        var laTotals: [String: [Phase: [AcademicYear: (Double, Double, Double)]]] = [:]
        for area in areas {
            for year in years {
                let capacity = supply.capacity(area: area.code, phase: area.phase, year)
                let pupils = area.yearGroups.reduce(0) { $0 + table.get(area.code, year, $1).pupils }
                let housing = area.yearGroups.reduce(0) { $0 + table.get(area.code, year, $1).housing }
                rows.append(SurplusRow(areaCode: area.code, phase: area.phase, year: year, capacity: capacity,
                                       pupils: pupils, housingPupils: housing, isForecast: year != years[0],
                                       targetPercent: settings.targetPercent, bandPercent: settings.bandPercent))
                let sum = laTotals[area.laCode, default: [:]][area.phase, default: [:]][year] ?? (0, 0, 0)
                laTotals[area.laCode, default: [:]][area.phase, default: [:]][year] =
                    (sum.0 + capacity, sum.1 + pupils, sum.2 + housing)
            }
        }
        for (la, byPhase) in laTotals.sorted(by: { $0.key < $1.key }) {
            for phase in Phase.allCases {
                for year in years {
                    guard let (capacity, pupils, housing) = byPhase[phase]?[year] else { continue }
                    rows.append(SurplusRow(areaCode: la, phase: phase, year: year, capacity: capacity, pupils: pupils,
                                           housingPupils: housing, isForecast: year != years[0],
                                           targetPercent: settings.targetPercent, bandPercent: settings.bandPercent))
                }
            }
        }
        return rows
    }

    func placesNeeded(_ table: Pupils, years: [AcademicYear]) -> [PlacesNeededRow] {
        var rows: [PlacesNeededRow] = []
        var laShortfall: [String: [Phase: [AcademicYear: (Double, Double, Double, Double)]]] = [:]
        for area in areas {
            for year in years {
                var totalPupils = 0.0, totalPlanned = 0.0
                for group in area.yearGroups {
                    let value = table.get(area.code, year, group)
                    let planned = settings.useUpper80 ? value.upper80 : value.pupils
                    let places = supply.places(area: area.code, group, year)
                    rows.append(PlacesNeededRow(areaCode: area.code, phase: area.phase, year: year, yearGroup: group,
                                                pupils: value.pupils, plannedPupils: planned, capacity: places,
                                                placesNeeded: planned - places))
                    totalPupils += value.pupils
                    totalPlanned += planned
                }
                let capacity = supply.capacity(area: area.code, phase: area.phase, year)
                let needed = totalPlanned - capacity
                rows.append(PlacesNeededRow(areaCode: area.code, phase: area.phase, year: year, yearGroup: nil,
                                            pupils: totalPupils, plannedPupils: totalPlanned, capacity: capacity,
                                            placesNeeded: needed))
                let sum = laShortfall[area.laCode, default: [:]][area.phase, default: [:]][year] ?? (0, 0, 0, 0)
                laShortfall[area.laCode, default: [:]][area.phase, default: [:]][year] =
                    (sum.0 + totalPupils, sum.1 + totalPlanned, sum.2 + capacity, sum.3 + max(0, needed))
            }
        }
        for (la, byPhase) in laShortfall.sorted(by: { $0.key < $1.key }) {
            for phase in Phase.allCases {
                for year in years {
                    guard let (pupils, planned, capacity, shortfall) = byPhase[phase]?[year] else { continue }
                    rows.append(PlacesNeededRow(areaCode: la, phase: phase, year: year, yearGroup: nil, pupils: pupils,
                                                plannedPupils: planned, capacity: capacity, placesNeeded: shortfall))
                }
            }
        }
        return rows
    }

    func buildNeeds(_ needed: [PlacesNeededRow], origin: AcademicYear) -> [BuildNeed] {
        areas.map { area in
            let totals = needed.filter { $0.areaCode == area.code && $0.yearGroup == nil }.sorted { $0.year < $1.year }
            let short = totals.filter { $0.placesNeeded > 0 }
            let peak = short.max { $0.placesNeeded < $1.placesNeeded }
            let perFormOfEntry = 30.0 * Double(area.entryYears)
            let peakShortfall = peak?.placesNeeded ?? 0
            let step = settings.allowHalfFormsOfEntry ? 0.5 : 1.0
            let forms = peakShortfall > 0 ? (peakShortfall / perFormOfEntry / step).rounded(.up) * step : 0
            let places = forms * perFormOfEntry
            let costs = settings.costPerPlace[area.phase] ?? (0, 0, 0)
            let decision = short.first?.year.advanced(by: -settings.leadTimeYears)
            return BuildNeed(areaCode: area.code, phase: area.phase, firstShortfallYear: short.first?.year,
                             peakYear: peak?.year, peakShortfall: peakShortfall, formsOfEntry: forms,
                             placesToBuild: places, decisionYear: decision, isOverdue: decision.map { $0 <= origin } ?? false,
                             costExpansion: places * costs.expansion, costNewSchool: places * costs.newSchool,
                             costTemporary: places * costs.temporary)
        }
    }

    func deficitRisk(_ table: Pupils, years: [AcademicYear]) -> [DeficitRisk] {
        guard let origin = years.first else { return [] }
        // School rolls by year: every area's year groups shared out to its schools.
        var rolls: [String: [AcademicYear: (roll: Double, housing: Double, entry: Double)]] = [:]
        for area in areas {
            for year in years {
                for group in area.yearGroups {
                    let value = table.get(area.code, year, group)
                    let shares = allocator.allocate(value.pupils, area: area.code, group: group, year: year)
                    for (school, pupils) in shares {
                        let sum = rolls[school]?[year] ?? (0, 0, 0)
                        let housing = value.pupils > 0 ? pupils * value.housing / value.pupils : 0
                        let isEntry = group == .reception || group.index == 7
                        rolls[school, default: [:]][year] = (sum.roll + pupils, sum.housing + housing,
                                                            sum.entry + (isEntry ? pupils : 0))
                    }
                }
            }
        }
        var result: [DeficitRisk] = []
        for school in supply.schools where !school.phase.planningPhases.isEmpty && !school.isScenarioPlaces {
            guard let byYear = rolls[school.id] else { continue }
            let phase = school.phase.planningPhases.first!
            let census = allocator.rolls?.roll(school.id, origin, groups: school.phase.yearGroups)
                ?? byYear[origin]?.roll ?? 0
            let rate = finance.ratePerPupil[phase] ?? 0
            for year in years.dropFirst() {
                guard let value = byYear[year], school.isOpen(in: year) else { continue }
                let capacity = school.phase.planningPhases.reduce(0) { $0 + supply.capacity(school, phase: $1, year) }
                let fundedYear = year.advanced(by: -finance.censusLagYears)
                let fundedRoll = fundedYear <= origin ? census : (byYear[fundedYear]?.roll ?? value.roll)
                let incomeChange = rate * (fundedRoll - census)
                let unfilled = capacity > 0 ? (capacity - value.roll) / capacity : 0
                let entry = School.entryGroup(of: school.phase.yearGroups[0])
                let pan = supply.pan(school, entry: entry, intakeYear: year)
                let intakePerForm = pan > 0 ? value.entry / (pan / 30) : nil
                var reasons: [(DeficitRisk.Level, String)] = []
                let unfilledPercent = 100 * unfilled
                let thresholds = finance.unfilledThresholds
                if unfilledPercent >= thresholds.high {
                    reasons.append((.high, "unfilled \(Self.percent(unfilledPercent)) ≥ \(Self.percent(thresholds.high))"))
                } else if unfilledPercent >= thresholds.medium {
                    reasons.append((.medium, "unfilled \(Self.percent(unfilledPercent)) ≥ \(Self.percent(thresholds.medium))"))
                } else if unfilledPercent >= thresholds.low {
                    reasons.append((.low, "unfilled \(Self.percent(unfilledPercent)) ≥ \(Self.percent(thresholds.low))"))
                }
                if let intakePerForm, intakePerForm < finance.minimumIntakePerFormOfEntry {
                    reasons.append((.medium, "intake \(String(format: "%.2f", intakePerForm)) per form of entry "
                        + "< \(Self.number(finance.minimumIntakePerFormOfEntry))"))
                }
                let censusIncome = rate * census
                if censusIncome > 0, -incomeChange / censusIncome * 100 >= finance.incomeLossPercent {
                    let loss = -incomeChange / censusIncome * 100
                    reasons.append((loss >= 2 * finance.incomeLossPercent ? .high : .medium,
                                    "pupil-led income down \(Self.percent(loss)) (£\(Self.number(-incomeChange)))"
                                        + " with a \(finance.censusLagYears)-year census lag"))
                }
                result.append(DeficitRisk(
                    school: school, year: year, roll: value.roll, housingPupils: value.housing, censusRoll: census,
                    capacity: capacity, incomeChange: incomeChange, unfilledShare: unfilled,
                    intakePerFormOfEntry: intakePerForm, level: reasons.map(\.0).max() ?? .none, reasons: reasons.map(\.1)))
            }
        }
        return result
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }
    static func number(_ value: Double) -> String { String(Int(value.rounded())) }
}
