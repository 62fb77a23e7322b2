import Dispatch
import Foundation
import LinearAlgebra

/// Prediction intervals from the empirical distribution of a method's own backtest errors.
///
/// For each level (a year group, or a phase total) and horizon, the log errors ε = ln(actual / forecast) of past
/// forecasts are modelled as ε = σ(f)·z with σ(f)² = α + β / f: a relative error common to all sizes (α) plus
/// count noise that shrinks with the forecast size f (β), fitted by least squares of ε² on 1/f (LAPACK).
/// The interval half-widths are empirical quantiles of |z| (the 80th and 95th percentiles), so heavy tails carry
/// over; the intervals are symmetric in log space around the forecast. (Skewed intervals copied from past errors
/// were tried and covered less well: the bias of past forecasts does not persist reliably — national backtest,
/// README "Accuracy".) An interval for a new forecast f is f·exp(±σ(f)·q) — scaled to the area's size by σ(f).
///
/// A year group with fewer than ``PlanningRules/intervalMinimumSamples`` errors at a horizon uses the fit pooled over
/// its phase's year
/// groups; failing that, the nearest shorter horizon's fit is widened in proportion to the horizon (errors of
/// cohort forecasts grow about linearly with the years ahead).
public struct IntervalModel: Sendable {
    /// One fitted level × horizon.
    struct Fit: Sendable {
        let alpha: Double
        let beta: Double
        /// 80th and 95th percentiles of |z|.
        let halfWidth80: Double
        let halfWidth95: Double
        let samples: Int

        func sigma(_ forecast: Double) -> Double { (alpha + beta / max(forecast, 1)).squareRoot() }

        func halfWidth(_ level: IntervalLevel) -> Double {
            switch level {
            case .eighty: return halfWidth80
            case .ninetyFive: return halfWidth95
            }
        }

        /// forecast × exp(±σ(forecast) × widening × q), q the level's quantile of |z|: symmetric in log space.
        func interval(_ forecast: Double, widening: Double, at level: IntervalLevel) -> ClosedRange<Double> {
            let spread = sigma(forecast) * widening * halfWidth(level)
            return forecast * exp(-spread)...forecast * exp(spread)
        }
    }

    /// The fallback shared by pupil and SEND intervals: the value `lookup` finds at `horizon`, else at the nearest
    /// shorter horizon h' that has one, with the widening horizon / h' (errors grow about linearly with the years
    /// ahead); nil when no horizon from `horizon` down to 1 has one.
    static func nearestShorter<Value>(horizon: Int, _ lookup: (Int) -> Value?) -> (value: Value, widening: Double)? {
        for h in stride(from: horizon, through: 1, by: -1) {
            if let value = lookup(h) { return (value, Double(horizon) / Double(h)) }
        }
        return nil
    }

    struct Key: Hashable, Sendable {
        let level: BacktestLevel
        let horizon: Int
    }

    private let fits: [Key: Fit]
    /// Fits over all year groups of a phase together, for year groups with too few errors of their own.
    private let pooledFits: [PooledKey: Fit]

    struct PooledKey: Hashable, Sendable {
        let phase: Phase
        let horizon: Int
    }

    /// Calibrates on `cells` (one method's backtest, or any errors judged comparable).
    public init(cells: [BacktestCell]) {
        self.init(samples: Self.samples(cells), include: { _ in true })
    }

    /// One past forecast's log error, keyed for calibration.
    struct Sample {
        let origin: AcademicYear
        let target: AcademicYear
        let forecast: Double
        let error: Double
    }

    /// Log errors of `cells` grouped by level and horizon (cells with a zero forecast or actual are skipped).
    static func samples(_ cells: [BacktestCell]) -> [Key: [Sample]] {
        var grouped: [Key: [Sample]] = [:]
        for cell in cells where cell.forecast > 0 && cell.actual > 0 {
            grouped[Key(level: cell.level, horizon: cell.horizon), default: []].append(
                Sample(
                    origin: cell.origin, target: cell.target, forecast: cell.forecast,
                    error: log(cell.actual / cell.forecast)))
        }
        return grouped
    }

    /// Calibrates on the samples for which `include` is true.
    init(samples grouped: [Key: [Sample]], include: (Sample) -> Bool) {
        var fits: [Key: Fit] = [:]
        var pooled: [PooledKey: [(Double, Double)]] = [:]
        for key in grouped.keys.sorted(by: { ($0.level, $0.horizon) < ($1.level, $1.horizon) }) {
            let samples = grouped[key]!.filter(include).map { ($0.forecast, $0.error) }
            if case .yearGroup(let group) = key.level {
                pooled[PooledKey(phase: group.phase, horizon: key.horizon), default: []] += samples
            }
            guard samples.count >= PlanningRules.intervalMinimumSamples else { continue }
            fits[key] = Self.fit(samples)
        }
        self.fits = fits
        self.pooledFits = pooled.filter { $0.value.count >= PlanningRules.intervalMinimumSamples }.mapValues(Self.fit)
    }

    /// True when no level and horizon had enough errors to calibrate.
    public var isEmpty: Bool { fits.isEmpty && pooledFits.isEmpty }

    /// The central interval of probability `probability` around `forecast`; nil when there is no calibration for
    /// the level at or below this horizon.
    public func interval(
        forecast: Double, level: BacktestLevel, horizon: Int,
        at probability: IntervalLevel
    ) -> ClosedRange<Double>? {
        guard let (fit, widening) = fitFor(level, horizon) else { return nil }
        return fit.interval(forecast, widening: widening, at: probability)
    }

    /// The level's own fit at this horizon; else, for a year group, the fit pooled over its phase's year groups;
    /// else the same at the nearest shorter horizon, widened by horizon / that horizon.
    private func fitFor(_ level: BacktestLevel, _ horizon: Int) -> (Fit, Double)? {
        Self.nearestShorter(horizon: horizon) { h -> Fit? in
            if let fit = fits[Key(level: level, horizon: h)] { return fit }
            if case .yearGroup(let group) = level { return pooledFits[PooledKey(phase: group.phase, horizon: h)] }
            return nil
        }
    }

    /// Least squares of ε² on [1, 1/f]; when a coefficient comes out negative, the better (smaller residual) of the
    /// two one-term fits is used instead, so σ² stays positive.
    static func fit(_ samples: [(forecast: Double, error: Double)]) -> Fit {
        let squared = samples.map { $0.error * $0.error }
        let inverseSize = samples.map { 1 / max($0.forecast, 1) }
        func residual(_ alpha: Double, _ beta: Double) -> Double {
            zip(squared, inverseSize).reduce(0) { $0 + pow($1.0 - alpha - beta * $1.1, 2) }
        }
        var alpha = squared.reduce(0, +) / Double(squared.count)
        var beta = 0.0
        if let design = try? Matrix(columns: [Array(repeating: 1, count: samples.count), inverseSize]),
            let both = try? leastSquares(design: design, response: squared),
            both.coefficients[0] >= 0, both.coefficients[1] >= 0
        {
            (alpha, beta) = (both.coefficients[0], both.coefficients[1])
        } else {
            let betaOnly =
                zip(squared, inverseSize).reduce(0) { $0 + $1.0 * $1.1 }
                / inverseSize.reduce(0) { $0 + $1 * $1 }
            if residual(0, betaOnly) < residual(alpha, 0) { (alpha, beta) = (0, betaOnly) }
        }
        if !(alpha + beta > 0) { alpha = 1e-12 }
        let standardised = samples.map { $0.error / (alpha + beta / max($0.forecast, 1)).squareRoot() }
        let absolute = standardised.map(abs)
        return Fit(
            alpha: alpha, beta: beta, halfWidth80: Statistics.quantile(absolute, 0.8),
            halfWidth95: Statistics.quantile(absolute, 0.95), samples: samples.count)
    }
}

/// A backtest cell with the interval a forecaster would have stated at its origin.
public struct IntervalCheck: Sendable {
    public let cell: BacktestCell
    public let interval80: ClosedRange<Double>
    public let interval95: ClosedRange<Double>
}

extension Backtest {
    /// For every cell, the 80% and 95% intervals calibrated only on the same method's errors that were known at
    /// the cell's origin (earlier origins whose target year is not after it). Cells with no calibration yet are
    /// left out.
    public static func intervalChecks(_ cells: [BacktestCell], firstDataYear: AcademicYear) -> [IntervalCheck] {
        let earliest = firstDataYear.advanced(by: PlanningRules.intervalCalibrationHistory - 1)
        let byMethod = Dictionary(grouping: cells, by: \.method).sorted { $0.key < $1.key }.map(\.value)
        return Parallel.map(byMethod.count) { index in
            let methodCells = byMethod[index]
            let samples = IntervalModel.samples(methodCells)
            let byOrigin = Dictionary(grouping: methodCells, by: \.origin)
            var checks: [IntervalCheck] = []
            for origin in byOrigin.keys.sorted() {
                let model = IntervalModel(samples: samples) { $0.origin >= earliest && $0.target <= origin }
                guard !model.isEmpty else { continue }
                for cell in byOrigin[origin]! {
                    guard
                        let i80 = model.interval(
                            forecast: cell.forecast, level: cell.level, horizon: cell.horizon,
                            at: .eighty),
                        let i95 = model.interval(
                            forecast: cell.forecast, level: cell.level, horizon: cell.horizon,
                            at: .ninetyFive)
                    else { continue }
                    checks.append(IntervalCheck(cell: cell, interval80: i80, interval95: i95))
                }
            }
            return checks
        }.flatMap { $0 }
    }
}

extension IntervalModel {
    /// Calibrates `method` on its own rolling-origin backtest over the history known at `origin`: every origin
    /// with at least ``PlanningRules/intervalCalibrationHistory`` years of data behind it, up to the year before
    /// `origin`,
    /// `horizons` years ahead where observed. Uses nothing after `origin`.
    public static func calibrated(
        method: ForecastMethod, inputs: ForecastInputs, origin: AcademicYear,
        horizons: ClosedRange<Int>
    ) throws(ForecastError) -> IntervalModel {
        IntervalModel(cells: try calibrationCells(method: method, inputs: inputs, origin: origin, horizons: horizons))
    }

    /// The backtest cells ``calibrated(method:inputs:origin:horizons:)`` calibrates on: the method's own errors
    /// from every origin with enough history before `origin` (empty when there is none).
    public static func calibrationCells(
        method: ForecastMethod, inputs: ForecastInputs, origin: AcademicYear,
        horizons: ClosedRange<Int>
    ) throws(ForecastError) -> [BacktestCell] {
        let known = inputs.asKnown(at: origin)
        guard let first = known.pupils.histories.map(\.firstYear).min() else { throw .noPupils }
        let earliest = first.advanced(by: PlanningRules.intervalCalibrationHistory - 1)
        guard earliest < origin else { return [] }
        return try Backtest.run(known, methods: [method], origins: Array(earliest..<origin), horizons: horizons)
    }
}

extension Forecast {
    /// The forecast with 80% and 95% intervals on every row the model can calibrate (rows it cannot keep nil).
    /// A known intake's interval is the value itself (zero width): it is given, not forecast; the later years of
    /// its cohort keep their calibrated intervals.
    public func withIntervals(_ model: IntervalModel) -> Forecast {
        Forecast(
            modelName: modelName, origin: origin, horizon: horizon,
            rows: rows.map { row in
                var row = row
                if row.isKnownIntake {
                    (row.interval80, row.interval95) = (row.pupils...row.pupils, row.pupils...row.pupils)
                    return row
                }
                let horizon = origin.distance(to: row.year)
                let level = BacktestLevel.yearGroup(row.yearGroup)
                row.interval80 = model.interval(forecast: row.pupils, level: level, horizon: horizon, at: .eighty)
                row.interval95 = model.interval(forecast: row.pupils, level: level, horizon: horizon, at: .ninetyFive)
                return row
            }, ratios: ratios, skipped: skipped, notes: notes)
    }
}
