import Dispatch
import Foundation

/// A named way of forecasting from the inputs known at an origin: a fixed model, or `auto`.
public struct ForecastMethod: Sendable {
    public let name: String
    private let body: @Sendable (ForecastInputs, AcademicYear, Int) throws(ForecastError) -> Forecast

    public init(name: String,
                _ body: @escaping @Sendable (ForecastInputs, AcademicYear, Int) throws(ForecastError) -> Forecast) {
        self.name = name
        self.body = body
    }

    /// A fixed model, named by the model's name.
    public static func fixed(_ model: ForecastModel) -> ForecastMethod {
        ForecastMethod(name: model.name) { inputs, origin, horizon throws(ForecastError) in
            try CohortSurvivalForecaster(model: model).forecast(inputs, origin: origin, horizon: horizon)
        }
    }

    /// Forecasts from `origin` seeing only what was known then: the inputs are cut at the origin before the
    /// method gets them, so no value after the origin can reach it.
    public func forecast(_ inputs: ForecastInputs, origin: AcademicYear, horizon: Int) throws(ForecastError) -> Forecast {
        try body(inputs.asKnown(at: origin), origin, horizon)
    }
}

/// What one backtest number measures: a phase total of an area, or one year group of an area.
public enum BacktestLevel: Hashable, Sendable, Comparable {
    /// Sum over the phase's year groups that the area teaches (primary R–6, secondary 7–11, sixth form 12–13),
    /// as DfE scores LAs.
    case phaseTotal(Phase)
    /// A single year group.
    case yearGroup(YearGroup)

    public var phase: Phase {
        switch self {
        case .phaseTotal(let phase): return phase
        case .yearGroup(let group): return group.phase
        }
    }

    /// "primary", "secondary", "sixth_form" for totals; the year group label ("R", "7") otherwise.
    public var label: String {
        switch self {
        case .phaseTotal(let phase): return phase.rawValue
        case .yearGroup(let group): return group.label
        }
    }

    private var order: (Int, Int) {
        switch self {
        case .phaseTotal(let phase): return (0, Phase.allCases.firstIndex(of: phase)!)
        case .yearGroup(let group): return (1, group.index)
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}

/// One forecast compared with what happened.
public struct BacktestCell: Equatable, Sendable {
    public let method: String
    public let area: Area
    public let level: BacktestLevel
    public let origin: AcademicYear
    public let horizon: Int
    public let forecast: Double
    public let actual: Double

    public var target: AcademicYear { origin.advanced(by: horizon) }
    /// Signed error in per cent of the actual: positive = over-forecast (DfE's convention). nil when actual = 0.
    public var percentError: Double? { actual > 0 ? 100 * (forecast - actual) / actual : nil }
}

/// Rolling-origin backtests: forecast from each origin with only the data known then, and compare.
public enum Backtest {
    /// Phase totals are scored over these year groups (Year 14 excluded).
    static let phaseGroups: [Phase: [YearGroup]] = [
        .primary: (0...6).map { YearGroup(index: $0)! },
        .secondary: (7...11).map { YearGroup(index: $0)! },
        .sixthForm: [YearGroup(index: 12)!, YearGroup(index: 13)!],
    ]

    /// Runs every method from every origin and returns one cell per method × area × level × origin × horizon
    /// whose target year is observed.
    ///
    /// - Parameters:
    ///   - areas: restrict scoring to these area codes (all areas still inform pooled ratios); nil = all.
    ///   - yearGroups: also score single year groups, not only phase totals.
    public static func run(
        _ inputs: ForecastInputs, methods: [ForecastMethod], origins: [AcademicYear], horizons: ClosedRange<Int>,
        areas: Set<String>? = nil, yearGroups: Bool = true
    ) throws(ForecastError) -> [BacktestCell] {
        guard let lastObserved = inputs.pupils.lastYear else { throw .noPupils }
        let jobs = origins.flatMap { origin in methods.map { (origin, $0) } }.filter { origin, _ in
            min(horizons.upperBound, origin.distance(to: lastObserved)) >= horizons.lowerBound
        }
        // Each origin × method is independent: run them on all cores, then keep the input order.
        let results = ResultSlots<Result<[BacktestCell], ForecastError>>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let (origin, method) = jobs[index]
            let reachable = min(horizons.upperBound, origin.distance(to: lastObserved))
            results[index] = Result { () throws(ForecastError) -> [BacktestCell] in
                let forecast = try method.forecast(inputs, origin: origin, horizon: reachable)
                return compare(forecast, with: inputs.pupils, method: method.name, horizons: horizons,
                               areas: areas, yearGroups: yearGroups)
            }
        }
        var cells: [BacktestCell] = []
        for result in results.values { cells += try result!.get() }
        return cells
    }

    /// The cells of one forecast against the observed table.
    public static func compare(_ forecast: Forecast, with observed: CohortTable, method: String,
                               horizons: ClosedRange<Int>, areas: Set<String>?, yearGroups: Bool) -> [BacktestCell] {
        var predicted: [String: [AcademicYear: [Double?]]] = [:]
        var areaByCode: [String: Area] = [:]
        for row in forecast.rows {
            guard areas?.contains(row.area.code) ?? true else { continue }
            areaByCode[row.area.code] = row.area
            predicted[row.area.code, default: [:]][row.year, default: Array(repeating: nil, count: YearGroup.all.count)][row.yearGroup.index] = row.pupils
        }
        var cells: [BacktestCell] = []
        for code in predicted.keys.sorted() {
            guard let history = observed[code] else { continue }
            for (year, values) in predicted[code]!.sorted(by: { $0.key < $1.key }) {
                let horizon = forecast.origin.distance(to: year)
                guard horizons.contains(horizon) else { continue }
                /// The sum over `groups` the area forecasts; nil when it forecasts none of them or one lacks an actual.
                func cell(_ level: BacktestLevel, _ groups: [YearGroup]) -> BacktestCell? {
                    var forecastTotal = 0.0, actualTotal = 0.0, found = false
                    for group in groups {
                        guard let f = values[group.index] else { continue }
                        guard let a = history.pupils(year, group) else { return nil }
                        forecastTotal += f
                        actualTotal += a
                        found = true
                    }
                    guard found else { return nil }
                    return BacktestCell(method: method, area: areaByCode[code]!, level: level, origin: forecast.origin,
                                        horizon: horizon, forecast: forecastTotal, actual: actualTotal)
                }
                for phase in Phase.allCases {
                    if let total = cell(.phaseTotal(phase), phaseGroups[phase]!) { cells.append(total) }
                }
                if yearGroups {
                    for group in YearGroup.projected {
                        if let single = cell(.yearGroup(group), [group]) { cells.append(single) }
                    }
                }
            }
        }
        return cells
    }
}

/// Accuracy of one method for one phase, horizon and granularity.
public struct AccuracySummary: Equatable, Sendable {
    /// Phase totals of areas ("la_total") or single year groups of areas ("year_group").
    public enum Granularity: String, Sendable { case areaTotal = "la_total", yearGroup = "year_group" }

    public let method: String
    public let granularity: Granularity
    public let phase: Phase
    public let horizon: Int
    public let count: Int
    /// Median of |percent error|.
    public let medianAbsolute: Double
    public let meanAbsolute: Double
    /// Mean signed percent error: positive = over-forecast.
    public let bias: Double
    /// Share of cells with |error| ≤ 1% and ≤ 2% (0...1).
    public let withinOne: Double
    public let withinTwo: Double
    /// Share of actuals inside the stated 80% and 95% intervals, over the cells that had one; nil if none.
    public let coverage80: Double?
    public let coverage95: Double?
    /// Number of cells with an interval.
    public let intervalCount: Int

    /// Summaries grouped by method × granularity × phase × horizon, sorted; coverage from `checks`.
    public static func summarise(_ cells: [BacktestCell], checks: [IntervalCheck] = []) -> [AccuracySummary] {
        struct Key: Hashable { let method: String; let granularity: Granularity; let phase: Phase; let horizon: Int }
        func key(_ cell: BacktestCell) -> Key {
            let granularity: Granularity
            if case .phaseTotal = cell.level { granularity = .areaTotal } else { granularity = .yearGroup }
            return Key(method: cell.method, granularity: granularity, phase: cell.level.phase, horizon: cell.horizon)
        }
        var groups: [Key: [Double]] = [:]
        for cell in cells {
            guard let error = cell.percentError else { continue }
            groups[key(cell), default: []].append(error)
        }
        var inside: [Key: (eighty: Int, ninetyFive: Int, count: Int)] = [:]
        for check in checks {
            let hit = inside[key(check.cell)] ?? (0, 0, 0)
            inside[key(check.cell)] = (hit.eighty + (check.interval80.contains(check.cell.actual) ? 1 : 0),
                                       hit.ninetyFive + (check.interval95.contains(check.cell.actual) ? 1 : 0),
                                       hit.count + 1)
        }
        return groups.map { key, errors in
            let absolute = errors.map(abs)
            let hits = inside[key]
            return AccuracySummary(
                method: key.method, granularity: key.granularity, phase: key.phase, horizon: key.horizon,
                count: errors.count, medianAbsolute: Statistics.median(absolute),
                meanAbsolute: absolute.reduce(0, +) / Double(errors.count),
                bias: errors.reduce(0, +) / Double(errors.count),
                withinOne: Double(absolute.filter { $0 <= 1 }.count) / Double(errors.count),
                withinTwo: Double(absolute.filter { $0 <= 2 }.count) / Double(errors.count),
                coverage80: hits.map { Double($0.eighty) / Double($0.count) },
                coverage95: hits.map { Double($0.ninetyFive) / Double($0.count) },
                intervalCount: hits?.count ?? 0)
        }.sorted {
            ($0.method, $0.granularity.rawValue, Phase.allCases.firstIndex(of: $0.phase)!, $0.horizon)
                < ($1.method, $1.granularity.rawValue, Phase.allCases.firstIndex(of: $1.phase)!, $1.horizon)
        }
    }
}

/// Small order statistics used by the backtest and the intervals.
public enum Statistics {
    /// The median (mean of the two middle values for an even count); NaN for no values.
    public static func median(_ values: [Double]) -> Double { quantile(values, 0.5) }

    /// The `p` quantile by linear interpolation between order statistics (R's type 7, numpy's default).
    public static func quantile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}

/// Write-once slots filled from concurrent iterations (`DispatchQueue.concurrentPerform`), each index by exactly
/// one iteration; read back in index order so parallel work keeps a deterministic order.
public final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    public var values: [Value?] { lock.withLock { storage } }
}
