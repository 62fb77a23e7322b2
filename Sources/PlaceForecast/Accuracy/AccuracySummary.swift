import Foundation

/// Accuracy of one method for one phase, horizon and granularity.
public struct AccuracySummary: Equatable, Sendable {
    /// Phase totals of areas ("la_total") or single year groups of areas ("year_group").
    public enum Granularity: String, Sendable {
        case areaTotal = "la_total"
        case yearGroup = "year_group"
    }

    public let method: String
    public let granularity: Granularity
    public let phase: Phase
    public let horizon: Int
    /// Median and mean |error|, bias and the shares within 1% and 2%, of the cells' percent errors.
    public let errors: ErrorStatistics
    /// Share of actuals inside the stated 80% and 95% intervals, over the cells that had one; nil if none.
    public let coverage80: Double?
    public let coverage95: Double?
    /// Number of cells with an interval.
    public let intervalCount: Int

    /// Summaries grouped by method × granularity × phase × horizon, sorted; coverage from `checks`.
    public static func summarise(_ cells: [BacktestCell], checks: [IntervalCheck] = []) -> [AccuracySummary] {
        struct Key: Hashable {
            let method: String
            let granularity: Granularity
            let phase: Phase
            let horizon: Int
        }
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
            inside[key(check.cell)] = (
                hit.eighty + (check.interval80.contains(check.cell.actual) ? 1 : 0),
                hit.ninetyFive + (check.interval95.contains(check.cell.actual) ? 1 : 0),
                hit.count + 1
            )
        }
        return groups.map { key, errors in
            let statistics = ErrorStatistics(percentErrors: errors)
            let hits = inside[key]
            return AccuracySummary(
                method: key.method, granularity: key.granularity, phase: key.phase, horizon: key.horizon,
                errors: statistics,
                coverage80: hits.map { Double($0.eighty) / Double($0.count) },
                coverage95: hits.map { Double($0.ninetyFive) / Double($0.count) },
                intervalCount: hits?.count ?? 0)
        }.sorted {
            ($0.method, $0.granularity.rawValue, Phase.allCases.firstIndex(of: $0.phase)!, $0.horizon)
                < ($1.method, $1.granularity.rawValue, Phase.allCases.firstIndex(of: $1.phase)!, $1.horizon)
        }
    }
}

/// The error statistics of every accuracy summary, pupils and SEND: median and mean |error|, bias, and the shares
/// within 1% and 2%, of a non-empty set of signed percent errors (positive = over-forecast).
public struct ErrorStatistics: Equatable, Sendable {
    public let count: Int
    /// Median of |percent error|.
    public let medianAbsolute: Double
    public let meanAbsolute: Double
    /// Mean signed percent error: positive = over-forecast.
    public let bias: Double
    /// Share of errors with |error| ≤ 1% and ≤ 2% (0...1).
    public let withinOne: Double
    public let withinTwo: Double

    public init(percentErrors errors: [Double]) {
        let absolute = errors.map(abs)
        count = errors.count
        medianAbsolute = Statistics.median(absolute)
        meanAbsolute = absolute.reduce(0, +) / Double(errors.count)
        bias = errors.reduce(0, +) / Double(errors.count)
        withinOne = Double(absolute.filter { $0 <= 1 }.count) / Double(errors.count)
        withinTwo = Double(absolute.filter { $0 <= 2 }.count) / Double(errors.count)
    }
}

/// Accuracy of one SEND method at one horizon (LA totals of EHC plans).
public struct SendAccuracySummary: Equatable, Sendable {
    public let method: String
    public let horizon: Int
    public let errors: ErrorStatistics
    /// Share of actuals inside the 80% interval each scored forecast would have had (calibrated on the method's
    /// errors known at its origin), and how many forecasts had one; nil and 0 when none had.
    public let coverage80: Double?
    public let coverageCount: Int

    /// One summary per method × horizon with at least one scored cell, sorted by method then horizon. Cells for
    /// which `isScored` is false (origins or targets outside those asked for) only calibrate intervals.
    public static func summarise(_ cells: [SendCell], isScored: (SendCell) -> Bool) -> [SendAccuracySummary] {
        var summaries: [SendAccuracySummary] = []
        for method in Set(cells.map(\.method)).sorted() {
            for horizon in Set(cells.map(\.horizon)).sorted() {
                let calibration = cells.filter { $0.method == method && $0.horizon == horizon }
                let group = calibration.filter(isScored)
                guard !group.isEmpty else { continue }
                let coverage = SendIntervals.coverage(calibration, at: .eighty, scored: isScored)
                summaries.append(
                    SendAccuracySummary(
                        method: method, horizon: horizon,
                        errors: ErrorStatistics(percentErrors: group.map(\.percentError)),
                        coverage80: coverage?.covered, coverageCount: coverage?.count ?? 0))
            }
        }
        return summaries
    }
}

/// How the error of a phase is shared between its year groups: for one method and horizon, each year group's
/// share of the sum over the phase's year groups of the absolute error in pupils, Σ over areas and origins of
/// |forecast − actual| of the year group ÷ Σ over areas, origins and the phase's year groups of the same (so the
/// shares add up to 1). Absolute errors, not squared, so a few large areas weigh no more than their pupils do;
/// errors of opposite sign in different year groups do not cancel here, though they do in the phase total.
public struct ErrorShares: Equatable, Sendable {
    public let method: String
    public let phase: Phase
    public let horizon: Int
    /// (year group, share 0–1), in year-group order.
    public let shares: [(group: YearGroup, share: Double)]
    /// The sum of the absolute year-group errors (pupils) the shares divide.
    public let totalAbsoluteError: Double

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.method == rhs.method && lhs.phase == rhs.phase && lhs.horizon == rhs.horizon
            && lhs.totalAbsoluteError == rhs.totalAbsoluteError && lhs.shares.map(\.group) == rhs.shares.map(\.group)
            && lhs.shares.map(\.share) == rhs.shares.map(\.share)
    }

    /// One ``ErrorShares`` per method of `cells` with single-year-group cells of `phase` at `horizon` (sorted by
    /// method); a method with no error at all is left out.
    public static func of(_ cells: [BacktestCell], phase: Phase, horizon: Int) -> [ErrorShares] {
        var sums: [String: [YearGroup: Double]] = [:]
        for cell in cells where cell.horizon == horizon {
            guard case .yearGroup(let group) = cell.level, group.phase == phase else { continue }
            sums[cell.method, default: [:]][group, default: 0] += abs(cell.forecast - cell.actual)
        }
        return sums.keys.sorted().compactMap { method in
            let byGroup = sums[method]!
            let total = byGroup.values.reduce(0, +)
            guard total > 0 else { return nil }
            return ErrorShares(
                method: method, phase: phase, horizon: horizon,
                shares: byGroup.keys.sorted().map { ($0, byGroup[$0]! / total) }, totalAbsoluteError: total)
        }
    }
}
