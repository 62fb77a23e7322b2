import Foundation

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
    /// Runs every method from every origin and returns one cell per method × area × level × origin × horizon
    /// whose target year is observed.
    ///
    /// - Parameters:
    ///   - areas: restrict scoring to these area codes (all areas still inform pooled ratios); nil = all.
    ///   - yearGroups: also score single year groups, not only phase totals.
    ///   - knownIntakes: give each origin's forecast the actual Reception and Year 7 of the first forecast year
    ///     (origin + 1) as known intakes (``knownIntakes(_:origin:)``): what an LA knows from admissions offers by
    ///     April of the origin's academic year. Nothing else after the origin is used.
    public static func run(
        _ inputs: ForecastInputs, methods: [ForecastMethod], origins: [AcademicYear], horizons: ClosedRange<Int>,
        areas: Set<String>? = nil, yearGroups: Bool = true, knownIntakes: Bool = false
    ) throws(ForecastError) -> [BacktestCell] {
        guard let lastObserved = inputs.pupils.lastYear else { throw .noPupils }
        return try RollingOrigin.run(
            methods: methods, origins: origins, horizons: horizons,
            lastObserved: lastObserved
        ) { origin, method, reach throws(ForecastError) in
            let overrides = knownIntakes ? Self.knownIntakes(inputs.pupils, origin: origin) : [:]
            let forecast = try method.forecast(inputs, origin: origin, horizon: reach, overrides: overrides)
            return compare(
                forecast, with: inputs.pupils, method: method.name, horizons: horizons,
                areas: areas, yearGroups: yearGroups)
        }
    }

    /// The actual entry of the year after `origin` in every area of `pupils` that has it: Reception and Year 7 of
    /// origin + 1 (pupils), as the known intakes a backtest gives each origin's forecast.
    public static func knownIntakes(_ pupils: CohortTable, origin: AcademicYear) -> [PupilOverride: Double] {
        let year = origin.advanced(by: 1)
        var known: [PupilOverride: Double] = [:]
        for history in pupils.histories {
            for group in PlanningRules.knownIntakeYearGroups {
                guard let actual = history.pupils(year, group) else { continue }
                known[PupilOverride(areaCode: history.area.code, year: year, yearGroup: group)] = actual
            }
        }
        return known
    }

    /// The cells of one forecast against the observed table.
    public static func compare(
        _ forecast: Forecast, with observed: CohortTable, method: String,
        horizons: ClosedRange<Int>, areas: Set<String>?, yearGroups: Bool
    ) -> [BacktestCell] {
        var predicted: [String: [AcademicYear: [Double?]]] = [:]
        var areaByCode: [String: Area] = [:]
        for row in forecast.rows {
            guard areas?.contains(row.area.code) ?? true else { continue }
            areaByCode[row.area.code] = row.area
            predicted[row.area.code, default: [:]][
                row.year, default: Array(repeating: nil, count: YearGroup.all.count)][row.yearGroup.index] = row.pupils
        }
        var cells: [BacktestCell] = []
        for code in predicted.keys.sorted() {
            guard let history = observed[code] else { continue }
            for (year, values) in predicted[code]!.sorted(by: { $0.key < $1.key }) {
                let horizon = forecast.origin.distance(to: year)
                guard horizons.contains(horizon) else { continue }
                /// The sum over `groups` the area forecasts; nil when it forecasts none of them or one lacks an actual.
                func cell(_ level: BacktestLevel, _ groups: [YearGroup]) -> BacktestCell? {
                    var forecastTotal = 0.0
                    var actualTotal = 0.0
                    var found = false
                    for group in groups {
                        guard let f = values[group.index] else { continue }
                        guard let a = history.pupils(year, group) else { return nil }
                        forecastTotal += f
                        actualTotal += a
                        found = true
                    }
                    guard found else { return nil }
                    return BacktestCell(
                        method: method, area: areaByCode[code]!, level: level, origin: forecast.origin,
                        horizon: horizon, forecast: forecastTotal, actual: actualTotal)
                }
                for phase in Phase.allCases {
                    if let total = cell(.phaseTotal(phase), PlanningRules.yearGroups(of: phase)) { cells.append(total) }
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
