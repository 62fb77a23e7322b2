import Foundation
import LinearAlgebra

/// A way of projecting a take-up rate (a share, e.g. 0.84) from its history up to an origin.
public enum TakeUpMethod: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The latest known value, held.
    case last
    /// The mean of the latest three known values, held.
    case mean3
    /// A straight line fitted by least squares (LAPACK) to the latest ``PlanningRules/earlyYearsTrendWindow``
    /// values, its slope damped by ``PlanningRules/earlyYearsTrendDamping`` each year ahead.
    case dampedTrend = "damped_trend"

    public var description: String { rawValue }
}

/// A least-squares line through take-up values: value(t) = level + slope × t, t in years after the origin.
public struct TakeUpLine: Equatable, Sendable {
    /// The fitted take-up at the origin (t = 0).
    public let level: Double
    /// Change a year, as a share.
    public let slope: Double
    /// Values fitted.
    public let points: Int
}

/// A take-up projection: the method that made it, its values 1 … h years after the origin, and (for the damped
/// trend) the fitted line; `scores` are the mean absolute errors by method that chose it (auto only).
public struct TakeUpProjection: Equatable, Sendable {
    public let method: TakeUpMethod
    public let origin: AcademicYear
    public let values: [Double]
    public let line: TakeUpLine?
    public let scores: [TakeUpMethod: Double]
    /// True when the method was chosen by the per-LA backtest (auto), false when fixed or a fallback.
    public let chosen: Bool

    /// The projected take-up in `year` (after the origin); nil outside the horizon.
    public func value(in year: AcademicYear) -> Double? {
        let step = origin.distance(to: year)
        return step >= 1 && step <= values.count ? values[step - 1] : nil
    }
}

/// Projecting take-up rates: three methods and the per-LA choice among them by a rolling-origin backtest on the
/// LA's own history (each method from every past origin, scored 1 to ``PlanningRules/earlyYearsScoringSteps``
/// years ahead against the take-up that followed, with only the values known at that origin).
public enum TakeUpTrend {
    /// The least-squares line through the latest ``PlanningRules/earlyYearsTrendWindow`` values up to `origin`
    /// (LAPACK `dgels` through ``LinearAlgebra/leastSquares(design:response:tolerance:)``); nil with fewer than
    /// ``PlanningRules/earlyYearsTrendMinimumPoints`` values.
    public static func line(_ series: [AcademicYear: Double], origin: AcademicYear) -> TakeUpLine? {
        let known = series.filter { $0.key <= origin }.sorted { $0.key < $1.key }
            .suffix(PlanningRules.earlyYearsTrendWindow)
        guard known.count >= PlanningRules.earlyYearsTrendMinimumPoints,
            let design = try? Matrix(rows: known.map { [1, Double(origin.distance(to: $0.key))] }),
            let fit = try? leastSquares(design: design, response: known.map(\.value)),
            fit.coefficients.allSatisfy(\.isFinite)
        else { return nil }
        return TakeUpLine(level: fit.coefficients[0], slope: fit.coefficients[1], points: known.count)
    }

    static func clamp(_ value: Double) -> Double { min(PlanningRules.earlyYearsMaximumTakeUp, max(0, value)) }

    /// `method`'s projection 1 … `horizon` years after `origin` from the values known then; nil when nothing is
    /// known. The damped trend without enough values for a line holds the last value.
    public static func project(
        _ series: [AcademicYear: Double], origin: AcademicYear, horizon: Int, method: TakeUpMethod
    ) -> TakeUpProjection? {
        let known = series.filter { $0.key <= origin }.sorted { $0.key < $1.key }
        guard let lastValue = known.last?.value else { return nil }
        switch method {
        case .last:
            return TakeUpProjection(
                method: .last, origin: origin, values: Array(repeating: clamp(lastValue), count: horizon),
                line: nil, scores: [:], chosen: false)
        case .mean3:
            let latest = known.suffix(3).map(\.value)
            let mean = latest.reduce(0, +) / Double(latest.count)
            return TakeUpProjection(
                method: .mean3, origin: origin, values: Array(repeating: clamp(mean), count: horizon), line: nil,
                scores: [:], chosen: false)
        case .dampedTrend:
            guard let fitted = line(series, origin: origin) else {
                return project(series, origin: origin, horizon: horizon, method: .last)
            }
            let phi = PlanningRules.earlyYearsTrendDamping
            var values: [Double] = []
            var sum = 0.0
            var power = 1.0
            for _ in 0..<horizon {
                power *= phi
                sum += power
                values.append(clamp(fitted.level + fitted.slope * sum))
            }
            return TakeUpProjection(
                method: .dampedTrend, origin: origin, values: values, line: fitted, scores: [:], chosen: false)
        }
    }

    /// Mean absolute error of each method over past origins before `origin` whose targets (1 …
    /// ``PlanningRules/earlyYearsScoringSteps`` years on) are known at `origin`; a method with fewer than
    /// ``PlanningRules/earlyYearsMinimumScores`` errors is left out.
    public static func scores(_ series: [AcademicYear: Double], origin: AcademicYear) -> [TakeUpMethod: Double] {
        let known = series.filter { $0.key <= origin }
        var result: [TakeUpMethod: Double] = [:]
        for method in TakeUpMethod.allCases {
            var errors: [Double] = []
            for past in known.keys.sorted() where past < origin {
                let steps = min(PlanningRules.earlyYearsScoringSteps, past.distance(to: origin))
                guard let projection = project(known, origin: past, horizon: steps, method: method) else { continue }
                for step in 1...steps {
                    guard let actual = known[past.advanced(by: step)] else { continue }
                    errors.append(abs(projection.values[step - 1] - actual))
                }
            }
            if errors.count >= PlanningRules.earlyYearsMinimumScores {
                result[method] = errors.reduce(0, +) / Double(errors.count)
            }
        }
        return result
    }

    /// The method with the lowest backtest score at `origin` (ties: the simpler, in the order last, mean3,
    /// damped trend) projected `horizon` years; the last value when no method has enough errors.
    public static func auto(_ series: [AcademicYear: Double], origin: AcademicYear, horizon: Int) -> TakeUpProjection? {
        let scored = scores(series, origin: origin)
        let best = TakeUpMethod.allCases.filter { scored[$0] != nil }.min { scored[$0]! < scored[$1]! }
        guard let projection = project(series, origin: origin, horizon: horizon, method: best ?? .last) else {
            return nil
        }
        return TakeUpProjection(
            method: projection.method, origin: origin, values: projection.values, line: projection.line,
            scores: scored, chosen: best != nil)
    }
}
