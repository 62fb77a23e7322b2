import Foundation

/// Published take-up of funded early education for one LA and year (DfE, January count of `year` + 1).
public struct EarlyYearsCount: Equatable, Sendable {
    /// Disadvantaged 2-year-olds funded, and their per cent of the ELIGIBLE 2-year-olds; nil where suppressed.
    public var funded2: Double?
    public var percent2: Double?
    /// 3- and 4-year-olds with the universal entitlement (including 4-year-olds in Reception classes), and their
    /// per cent of all 3–4s (DfE's own population); nil where suppressed.
    public var funded34: Double?
    public var percent34: Double?

    public init(funded2: Double?, percent2: Double?, funded34: Double?, percent34: Double?) {
        self.funded2 = funded2
        self.percent2 = percent2
        self.funded34 = funded34
        self.percent34 = percent34
    }
}

/// Funded early education counts by LA and academic year.
public struct EarlyYearsHistory: Sendable {
    public let byLA: [String: [AcademicYear: EarlyYearsCount]]

    public init(_ byLA: [String: [AcademicYear: EarlyYearsCount]]) { self.byLA = byLA }

    /// The last year with a count in any LA: the early-years origin.
    public var lastYear: AcademicYear? { byLA.values.compactMap { $0.keys.max() }.max() }

    /// The counts known at `origin`.
    public func known(at origin: AcademicYear) -> EarlyYearsHistory {
        EarlyYearsHistory(byLA.mapValues { $0.filter { $0.key <= origin } })
    }
}

/// The kind of an early-years provider.
public enum ProviderType: String, CaseIterable, Sendable {
    case schoolNursery = "school_nursery"
    case maintainedNursery = "maintained_nursery"
    case pvi
    case childminder
}

/// An early-years provider and its funded places by age band.
public struct EarlyYearsProvider: Equatable, Sendable {
    public let id: String
    public let name: String
    /// A primary planning area.
    public let areaCode: String
    public let type: ProviderType
    public var placesUnder2: Double
    public var places2: Double
    public var places34: Double
    public let hoursPerWeek: Double

    public init(
        id: String, name: String, areaCode: String, type: ProviderType, placesUnder2: Double, places2: Double,
        places34: Double, hoursPerWeek: Double
    ) {
        self.id = id
        self.name = name
        self.areaCode = areaCode
        self.type = type
        self.placesUnder2 = placesUnder2
        self.places2 = places2
        self.places34 = places34
        self.hoursPerWeek = hoursPerWeek
    }

    public func places(_ age: EarlyYearsAge) -> Double {
        switch age {
        case .underTwo: return placesUnder2
        case .two: return places2
        case .threeFour: return places34
        }
    }

    /// Places in 15-hour equivalents: a place open ``PlanningRules/earlyYearsFullTimeHours`` hours a week or more
    /// counts as 2, any other as 1.
    public func equivalents(_ age: EarlyYearsAge) -> Double {
        places(age) * (hoursPerWeek >= PlanningRules.earlyYearsFullTimeHours ? 2 : 1)
    }
}

/// One area's (or the LA's) funded children against places for an age band and academic year.
///
/// Children: `fundedTrend` = population × eligible share × trend take-up (all 3–4s including those in Reception);
/// minus `receptionChildren`; plus `entitlementChildren` of the new entitlements. Demand and places are in
/// 15-hour equivalents: a trend child needs 1, an entitlement child hours ÷ 15 (30-hour: 2).
public struct EarlyYearsRow: Equatable, Sendable {
    public let areaCode: String
    public let year: AcademicYear
    public let age: EarlyYearsAge
    public var isLATotal = false
    /// Children of the age band from births.
    public let population: Double
    /// Share of the population eligible for the trend offer: 1 for 3–4s, the disadvantaged share for 2s, 0 under 2.
    public let eligibleShare: Double
    /// Trend take-up of the eligible (0 for under-2s, who have no trend offer).
    public let takeUp: Double
    public let fundedTrend: Double
    /// 3–4-year-olds of the trend already in Reception (0 for other bands).
    public let receptionChildren: Double
    /// Children of the new entitlements (the 3–4s' 30 hours adds hours, not children: 0 there).
    public let entitlementChildren: Double
    /// 15-hour places the new entitlements need (30-hour children count 2, the 3–4s' extra 15 hours 1).
    public let entitlementPlaces: Double
    /// 15-hour places of the providers.
    public let places: Double
    public let targetPercent: Double
    public let bandPercent: Double
    /// Areas short (1/0 for an area; the count for the LA row) and places short without offsetting.
    public var areasShort = 0
    public var placesShort = 0.0

    public init(
        areaCode: String, year: AcademicYear, age: EarlyYearsAge, population: Double, eligibleShare: Double,
        takeUp: Double, fundedTrend: Double, receptionChildren: Double, entitlementChildren: Double,
        entitlementPlaces: Double, places: Double, targetPercent: Double, bandPercent: Double
    ) {
        self.areaCode = areaCode
        self.year = year
        self.age = age
        self.population = population
        self.eligibleShare = eligibleShare
        self.takeUp = takeUp
        self.fundedTrend = fundedTrend
        self.receptionChildren = receptionChildren
        self.entitlementChildren = entitlementChildren
        self.entitlementPlaces = entitlementPlaces
        self.places = places
        self.targetPercent = targetPercent
        self.bandPercent = bandPercent
    }

    /// Children needing a provider place: trend − Reception + new entitlements.
    public var totalChildren: Double { fundedTrend - receptionChildren + entitlementChildren }
    /// 15-hour places needed: trend children not in Reception + the entitlements' places.
    public var demand: Double { fundedTrend - receptionChildren + entitlementPlaces }
    public var surplus: Double { places - demand }
    /// (places − demand) ÷ places, per cent; nil without places.
    public var surplusPercent: Double? { places > 0 ? 100 * surplus / places : nil }
    public var status: SurplusStatus {
        if isLATotal, areasShort > 0 { return .areasShort }
        guard let percent = surplusPercent else { return demand > 0 ? .shortfall : .withinBand }
        return .of(percent: percent, target: targetPercent, band: bandPercent)
    }
}

/// The take-up behind an LA's early-years forecast, kept for `explain` and the summary.
public struct EarlyYearsTakeUp: Sendable {
    public let laCode: String
    public let age: EarlyYearsAge
    /// Observed take-up by year: 3–4s funded ÷ birth-based population; 2s the published per cent ÷ 100.
    public let history: [AcademicYear: Double]
    public let projection: TakeUpProjection
    /// 2s: the eligible share held (implied or set); 1 for 3–4s.
    public let eligibleShare: Double
    /// True when `eligibleShare` was implied from the counts (2s), false when set or 1.
    public let eligibleImplied: Bool
}

/// An early-years forecast: the rows by area, LA, year and age band, and the take-up behind them.
public struct EarlyYearsForecast: Sendable {
    public let origin: AcademicYear
    public let rows: [EarlyYearsRow]
    public let takeUp: [EarlyYearsTakeUp]
}

/// Problems that stop an early-years forecast, named by area and year (the I/O layer adds the file).
public struct EarlyYearsError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Funded early education by planning area: children from births × take-up trended per LA, minus Reception, plus
/// new entitlements, set against the providers' places without offsetting a shortfall in one area by spare
/// places in another.
public struct EarlyYearsForecaster: Sendable {
    /// Planning areas (code, LA code) whose births make the population; for LA-level data the LA itself.
    public let areas: [(code: String, laCode: String)]
    /// Births by area code and births year.
    public let births: @Sendable (String, Int) -> Double?
    public let settings: EarlyYearsSettings

    public init(
        areas: [(code: String, laCode: String)], births: @escaping @Sendable (String, Int) -> Double?,
        settings: EarlyYearsSettings
    ) {
        self.areas = areas
        self.births = births
        self.settings = settings
    }

    func population(_ area: String, _ age: EarlyYearsAge, _ year: AcademicYear) -> Double? {
        EarlyYearsPopulation.population(age, year: year) { births(area, $0) }
    }

    func laPopulation(_ la: String, _ age: EarlyYearsAge, _ year: AcademicYear) -> Double? {
        var total = 0.0
        for area in areas where area.laCode == la {
            guard let value = population(area.code, age, year) else { return nil }
            total += value
        }
        return total > 0 ? total : nil
    }

    /// Observed 3–4 take-up of an LA: funded ÷ birth-based population of 3–4s, by year.
    public func takeUp34History(_ la: String, _ counts: [AcademicYear: EarlyYearsCount]) -> [AcademicYear: Double] {
        var series: [AcademicYear: Double] = [:]
        for (year, count) in counts {
            if let funded = count.funded34, let base = laPopulation(la, .threeFour, year) {
                series[year] = funded / base
            }
        }
        return series
    }

    /// Take-up of each LA and band projected `horizon` years after `origin` with `method` (nil: the per-LA choice).
    public func takeUp(
        _ history: EarlyYearsHistory, origin: AcademicYear, horizon: Int, method: TakeUpMethod? = nil
    ) -> [EarlyYearsTakeUp] {
        func projected(_ series: [AcademicYear: Double]) -> TakeUpProjection? {
            method.map { TakeUpTrend.project(series, origin: origin, horizon: horizon, method: $0) }
                ?? TakeUpTrend.auto(series, origin: origin, horizon: horizon)
        }
        var result: [EarlyYearsTakeUp] = []
        for la in Set(areas.map(\.laCode)).sorted() {
            let counts = (history.byLA[la] ?? [:]).filter { $0.key <= origin }
            let series34 = takeUp34History(la, counts)
            if let projection = projected(series34) {
                result.append(
                    EarlyYearsTakeUp(
                        laCode: la, age: .threeFour, history: series34, projection: projection, eligibleShare: 1,
                        eligibleImplied: false))
            }
            var series2: [AcademicYear: Double] = [:]
            for (year, count) in counts { if let percent = count.percent2 { series2[year] = percent / 100 } }
            // The eligible share implied by the latest year with funded, per cent and population.
            let implied = counts.keys.sorted().reversed().lazy.compactMap { year -> Double? in
                guard let funded = counts[year]?.funded2, let percent = counts[year]?.percent2, percent > 0,
                    let base = self.laPopulation(la, .two, year)
                else { return nil }
                return funded / (percent / 100) / base
            }.first
            if let share = settings.twoYearEligibleShare ?? implied, let projection = projected(series2) {
                result.append(
                    EarlyYearsTakeUp(
                        laCode: la, age: .two, history: series2, projection: projection, eligibleShare: share,
                        eligibleImplied: settings.twoYearEligibleShare == nil))
            }
        }
        return result
    }

    /// Rows for every area and LA, age band and year 1 … `horizon` after `origin` (default: the history's last
    /// year). `providers` give the places; an LA without counts is left out.
    public func forecast(
        _ history: EarlyYearsHistory, providers: [EarlyYearsProvider], origin: AcademicYear? = nil, horizon: Int
    ) throws(EarlyYearsError) -> EarlyYearsForecast {
        guard let origin = origin ?? history.lastYear else { throw EarlyYearsError("early years: no counts") }
        let takeUps = takeUp(history, origin: origin, horizon: horizon)
        guard !takeUps.isEmpty else {
            throw EarlyYearsError(
                "early years: no LA of the planning areas "
                    + "(\(Set(areas.map(\.laCode)).sorted().joined(separator: ", "))) "
                    + "has funded counts with births to set them against")
        }
        let change = 1 + settings.takeUpChangePercent / 100
        var rows: [EarlyYearsRow] = []
        for step in 1...horizon {
            let year = origin.advanced(by: step)
            for age in EarlyYearsAge.allCases {
                var byLA: [String: [EarlyYearsRow]] = [:]
                for area in areas {
                    let trend = takeUps.first { $0.laCode == area.laCode && $0.age == age }
                    guard age == .underTwo || trend != nil,
                        takeUps.contains(where: { $0.laCode == area.laCode }),
                        let population = population(area.code, age, year)
                    else { continue }
                    let rate = trend.map { TakeUpTrend.clamp($0.projection.values[step - 1] * change) } ?? 0
                    let eligible = trend?.eligibleShare ?? 0
                    let funded = population * eligible * rate
                    var reception = 0.0
                    var entitlementBase = population
                    if age == .threeFour {
                        let share = EarlyYearsPopulation.nonReceptionShare(year: year) { births(area.code, $0) } ?? 1
                        reception = funded * (1 - share)
                        entitlementBase = population * share
                    }
                    var children = 0.0
                    var places = 0.0
                    for entitlement in settings.entitlements where entitlement.age == age {
                        let taking = entitlement.children(
                            population: entitlementBase, year: year, uptake: settings.entitlementUptake)
                        if entitlement.kind == .newChildren { children += taking }
                        places += entitlement.places(children: taking, year: year)
                    }
                    var row = EarlyYearsRow(
                        areaCode: area.code, year: year, age: age, population: population, eligibleShare: eligible,
                        takeUp: rate, fundedTrend: funded, receptionChildren: reception, entitlementChildren: children,
                        entitlementPlaces: places,
                        places: providers.filter { $0.areaCode == area.code }.reduce(0) { $0 + $1.equivalents(age) },
                        targetPercent: settings.targetPercent, bandPercent: settings.bandPercent)
                    row.areasShort = row.surplus < 0 ? 1 : 0
                    row.placesShort = max(0, -row.surplus)
                    byLA[area.laCode, default: []].append(row)
                    rows.append(row)
                }
                for la in byLA.keys.sorted() where areas.contains(where: { $0.laCode == la && $0.code != la }) {
                    rows.append(Self.total(la, byLA[la]!, year: year, age: age))
                }
            }
        }
        return EarlyYearsForecast(origin: origin, rows: rows, takeUp: takeUps)
    }

    /// The LA row: sums of its areas, with the areas short counted and their shortfalls added (never offset).
    static func total(_ la: String, _ parts: [EarlyYearsRow], year: AcademicYear, age: EarlyYearsAge) -> EarlyYearsRow {
        func sum(_ value: (EarlyYearsRow) -> Double) -> Double { parts.reduce(0) { $0 + value($1) } }
        let population = sum(\.population)
        let funded = sum(\.fundedTrend)
        let eligible = population > 0 ? sum { $0.population * $0.eligibleShare } / population : 0
        var row = EarlyYearsRow(
            areaCode: la, year: year, age: age, population: population, eligibleShare: eligible,
            takeUp: population * eligible > 0 ? funded / (population * eligible) : 0, fundedTrend: funded,
            receptionChildren: sum(\.receptionChildren), entitlementChildren: sum(\.entitlementChildren),
            entitlementPlaces: sum(\.entitlementPlaces), places: sum(\.places),
            targetPercent: parts.first?.targetPercent ?? PlanningRules.earlyYearsDefaultTargetPercent,
            bandPercent: parts.first?.bandPercent ?? 10)
        row.isLATotal = true
        row.areasShort = parts.reduce(0) { $0 + $1.areasShort }
        row.placesShort = sum(\.placesShort)
        return row
    }
}
