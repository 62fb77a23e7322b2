import Dispatch
import Foundation

/// One SEND forecast compared with what happened (LA totals of EHC plans).
public struct SendCell: Equatable, Sendable {
    public let method: String
    public let areaCode: String
    public let origin: AcademicYear
    public let horizon: Int
    public let forecast: Double
    public let actual: Double

    /// (forecast − actual) / actual, per cent.
    public var percentError: Double { 100 * (forecast - actual) / actual }
}

/// Rolling-origin backtests of SEND methods and the intervals calibrated on them.
public enum SendBacktest {
    /// Every method from every origin, with only the counts known at the origin; pupils are used up to the
    /// origin only (later years hold the origin's pupils), so nothing after the origin reaches a forecast.
    public static func run(_ caseload: EHCPCaseload, methods: [SendMethod], origins: [AcademicYear],
                           horizons: ClosedRange<Int>, pupils: @escaping @Sendable (String, AcademicYear) -> Double?,
                           areas: Set<String>? = nil) -> [SendCell] {
        guard let last = caseload.totals.values.compactMap({ $0.keys.max() }).max() else { return [] }
        let jobs = origins.flatMap { origin in methods.map { (origin, $0) } }
            .filter { origin, _ in min(horizons.upperBound, origin.distance(to: last)) >= horizons.lowerBound }
        let results = ResultSlots<[SendCell]>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let (origin, method) = jobs[index]
            let reach = min(horizons.upperBound, origin.distance(to: last))
            let knownPupils: (String, AcademicYear) -> Double? = { area, year in year <= origin ? pupils(area, year) : nil }
            let forecasts = SendForecaster(method: method).totals(caseload.asKnown(at: origin), origin: origin,
                                                                  horizon: reach, pupils: knownPupils)
            var cells: [SendCell] = []
            for area in forecasts.keys.sorted() where areas?.contains(area) ?? true {
                for (step, value) in forecasts[area]!.enumerated() where horizons.contains(step + 1) {
                    guard let actual = caseload.totals[area]?[origin.advanced(by: step + 1)], actual > 0 else { continue }
                    cells.append(SendCell(method: method.name, areaCode: area, origin: origin, horizon: step + 1,
                                          forecast: value, actual: actual))
                }
            }
            results[index] = cells
        }
        return results.values.flatMap { $0 ?? [] }
    }
}

/// 80% intervals for EHC plan totals, from the method's own backtest errors by horizon (σ(f)² = α + β/f on log
/// errors, as for pupils), widened by horizon / h for horizons without enough errors.
///
/// Only errors whose target year is one of the last `recentYears` years known at the origin calibrate: plans
/// grew faster and faster over the period, so older errors understate today's (on the national backtest this
/// raised the 80% coverage from 68% to 74% at 1 year and from 54% to 57% at 3 years; still short of 80%).
public struct SendIntervals: Sendable {
    private let fits: [Int: IntervalModel.Fit]
    public static let minimumSamples = 8
    public static let recentYears = 2

    /// Calibrates on the cells whose target is known at `origin` and is one of its last `recentYears` years; a
    /// horizon with too few such errors (a single LA) uses every error known at the origin.
    public init(cells: [SendCell], knownAt origin: AcademicYear) {
        let known = cells.filter { $0.origin.advanced(by: $0.horizon) <= origin }
        let recent = SendIntervals(cells: known.filter { $0.origin.advanced(by: $0.horizon) > origin.advanced(by: -Self.recentYears) })
        fits = SendIntervals(cells: known).fits.merging(recent.fits) { _, recentFit in recentFit }
    }

    init(cells: [SendCell]) {
        var byHorizon: [Int: [(forecast: Double, error: Double)]] = [:]
        for cell in cells where cell.forecast > 0 && cell.actual > 0 {
            byHorizon[cell.horizon, default: []].append((cell.forecast, log(cell.actual / cell.forecast)))
        }
        fits = byHorizon.filter { $0.value.count >= Self.minimumSamples }.mapValues(IntervalModel.fit)
    }

    public func interval80(_ forecast: Double, horizon: Int) -> ClosedRange<Double>? {
        for h in stride(from: horizon, through: 1, by: -1) {
            guard let fit = fits[h] else { continue }
            let spread = fit.sigma(forecast) * fit.halfWidth80 * Double(horizon) / Double(h)
            return forecast * exp(-spread)...forecast * exp(spread)
        }
        return nil
    }

    /// Share of actuals inside the 80% interval each cell would have had, calibrated only on errors known at
    /// its origin (see ``init(cells:knownAt:)``). Only cells for which `scored` is true are
    /// counted; all of `cells` may calibrate. nil when no cell could be checked.
    public static func coverage80(_ cells: [SendCell], scored: (SendCell) -> Bool = { _ in true }) -> (covered: Double, count: Int)? {
        var inside = 0, count = 0
        // One calibration per method and origin: the errors known at that origin.
        let groups = Dictionary(grouping: cells.filter(scored)) { "\($0.method)|\($0.origin.startYear)" }
        for key in groups.keys.sorted() {
            let group = groups[key]!
            let method = group[0].method, origin = group[0].origin
            let intervals = SendIntervals(cells: cells.filter { $0.method == method }, knownAt: origin)
            for cell in group {
                guard let interval = intervals.interval80(cell.forecast, horizon: cell.horizon) else { continue }
                count += 1
                if interval.contains(cell.actual) { inside += 1 }
            }
        }
        return count > 0 ? (Double(inside) / Double(count), count) : nil
    }
}

/// How plans split between settings: mainstream, resourced provision (SEN unit), maintained special school,
/// independent or out-of-area special school. Shares sum to 1.
public struct SettingShares: Equatable, Sendable {
    public var mainstream: Double
    public var resourced: Double
    public var special: Double
    public var independent: Double

    public init(mainstream: Double, resourced: Double, special: Double, independent: Double) {
        self.mainstream = mainstream
        self.resourced = resourced
        self.special = special
        self.independent = independent
    }

    /// Illustrative defaults close to England's pattern (about half of pupils with plans in mainstream schools,
    /// four in ten in special schools, the rest independent); replace with the LA's own send_settings.csv.
    public static let standard = SettingShares(mainstream: 0.45, resourced: 0.05, special: 0.40, independent: 0.10)

    /// Specialist places: everything but mainstream.
    public var specialist: Double { resourced + special + independent }
}

/// One projected EHC plan count (an age band, or the Total when `band` is nil).
public struct SendRow: Equatable, Sendable {
    public let areaCode: String
    public let year: AcademicYear
    public let band: AgeBand?
    public let plans: Double
    public let interval80: ClosedRange<Double>?
}

/// Specialist place demand for a planning area or the LA, phase and year.
public struct SpecialistPlacesRow: Equatable, Sendable {
    public let areaCode: String
    /// nil for all phases together (the rows that carry special-school capacity).
    public let phase: SendPhase?
    public let year: AcademicYear
    public let plans: Double
    /// Plans × (resourced + special + independent shares).
    public let specialistPlaces: Double
    /// Plans × special share: places needed in maintained special schools.
    public let specialSchoolPlaces: Double
    /// Plans × resourced share.
    public let resourcedPlaces: Double
    /// Plans × independent share: placed independently or out of area under these assumptions.
    public let outOfAreaPlaces: Double
    /// Special-school places in the area (rows for all phases only).
    public let specialSchoolCapacity: Double?

    /// Capacity − places needed in special schools; negative = shortfall (rows with capacity only).
    public var specialSchoolSurplus: Double? { specialSchoolCapacity.map { $0 - specialSchoolPlaces } }
    public var outOfAreaShare: Double { specialistPlaces > 0 ? outOfAreaPlaces / specialistPlaces : 0 }
}

/// Plans by band, and specialist places by phase, apportioned to planning areas.
public enum SendPlanning {
    /// Splits LA totals into age bands by their shares in the origin year's count (bands absent then get none).
    public static func rows(totals: [String: [Double]], caseload: EHCPCaseload, origin: AcademicYear,
                            intervals: SendIntervals?) -> [SendRow] {
        var rows: [SendRow] = []
        for area in totals.keys.sorted() {
            let bands = caseload.bands[area]?[origin] ?? [:]
            let bandTotal = bands.values.reduce(0, +)
            for (step, total) in totals[area]!.enumerated() {
                let year = origin.advanced(by: step + 1)
                let interval = intervals?.interval80(total, horizon: step + 1)
                for band in AgeBand.allCases {
                    guard let count = bands[band], bandTotal > 0 else { continue }
                    let share = count / bandTotal
                    rows.append(SendRow(areaCode: area, year: year, band: band, plans: total * share,
                                        interval80: interval.map { ($0.lowerBound * share)...($0.upperBound * share) }))
                }
                rows.append(SendRow(areaCode: area, year: year, band: nil, plans: total, interval80: interval))
            }
        }
        return rows
    }

    /// Specialist places for each LA and its planning areas. Each phase's demand is apportioned to the areas of
    /// that phase by their share of pupils (primary: R–6 of primary areas; secondary and post-16: 7–11 of
    /// secondary areas) in the same year; totals are kept.
    public static func specialistPlaces(_ rows: [SendRow], shares: [AgeBand: SettingShares], areas: [PlanningArea],
                                        pupils: (String, AcademicYear, YearGroup) -> Double,
                                        specialSchools: [School]) -> [SpecialistPlacesRow] {
        var result: [SpecialistPlacesRow] = []
        let capacityByArea = Dictionary(grouping: specialSchools, by: \.areaCode).mapValues { $0.reduce(0) { $0 + $1.netCapacity } }
        let byAreaYear = Dictionary(grouping: rows.filter { $0.band != nil }) { "\($0.areaCode)|\($0.year.startYear)" }
        for key in byAreaYear.keys.sorted() {
            let bandRows = byAreaYear[key]!
            let la = bandRows[0].areaCode, year = bandRows[0].year
            var perPhase: [SendPhase: (plans: Double, resourced: Double, special: Double, independent: Double)] = [:]
            for row in bandRows {
                let band = row.band!, split = shares[band] ?? .standard
                let sum = perPhase[band.phase] ?? (0, 0, 0, 0)
                perPhase[band.phase] = (sum.plans + row.plans, sum.resourced + row.plans * split.resourced,
                                        sum.special + row.plans * split.special, sum.independent + row.plans * split.independent)
            }
            func make(_ code: String, _ phase: SendPhase?, _ v: (plans: Double, resourced: Double, special: Double, independent: Double),
                      capacity: Double?) -> SpecialistPlacesRow {
                SpecialistPlacesRow(areaCode: code, phase: phase, year: year, plans: v.plans,
                                    specialistPlaces: v.resourced + v.special + v.independent, specialSchoolPlaces: v.special,
                                    resourcedPlaces: v.resourced, outOfAreaPlaces: v.independent, specialSchoolCapacity: capacity)
            }
            var allPhases = (plans: 0.0, resourced: 0.0, special: 0.0, independent: 0.0)
            var areaTotals: [String: (plans: Double, resourced: Double, special: Double, independent: Double)] = [:]
            for phase in SendPhase.allCases {
                guard let v = perPhase[phase] else { continue }
                result.append(make(la, phase, v, capacity: nil))
                allPhases = (allPhases.plans + v.plans, allPhases.resourced + v.resourced, allPhases.special + v.special,
                             allPhases.independent + v.independent)
                let phaseAreas = areas.filter { $0.laCode == la && ($0.phase == .primary) == (phase == .primary) }
                let weights = phaseAreas.map { area in phase.apportioningGroups.reduce(0) { $0 + pupils(area.code, year, $1) } }
                let weightSum = weights.reduce(0, +)
                guard weightSum > 0 else { continue }
                for (area, weight) in zip(phaseAreas, weights) {
                    let share = weight / weightSum
                    let part = (v.plans * share, v.resourced * share, v.special * share, v.independent * share)
                    result.append(make(area.code, phase, part, capacity: nil))
                    let sum = areaTotals[area.code] ?? (0, 0, 0, 0)
                    areaTotals[area.code] = (sum.plans + part.0, sum.resourced + part.1, sum.special + part.2,
                                             sum.independent + part.3)
                }
            }
            let laAreas = Set(areas.filter { $0.laCode == la }.map(\.code))
            let laCapacity = specialSchools.filter { laAreas.contains($0.areaCode) || $0.areaCode == la }
                .reduce(0) { $0 + $1.netCapacity }
            result.append(make(la, nil, allPhases, capacity: laCapacity))
            for code in areaTotals.keys.sorted() {
                result.append(make(code, nil, areaTotals[code]!, capacity: capacityByArea[code] ?? 0))
            }
        }
        return result
    }
}
