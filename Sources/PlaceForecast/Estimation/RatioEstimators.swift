import Foundation
import LinearAlgebra

/// One observed ratio: `numerator / denominator` for the transition that ended in `year`.
///
/// For cohort survival g→g+1, `year` is t+1, numerator N(g+1, t+1) and denominator N(g, t); for the reception
/// ratio, numerator Reception(t) and denominator births(t−4); for transfer, Year 7(t+1) over the Year 6 expected
/// from the feeder shares in t.
public struct RatioObservation: Equatable, Sendable {
    public let year: AcademicYear
    public let numerator: Double
    public let denominator: Double

    public init(year: AcademicYear, numerator: Double, denominator: Double) {
        self.year = year
        self.numerator = numerator
        self.denominator = denominator
    }

    public var ratio: Double { numerator / denominator }
    /// Observations with no pupils in the denominator carry no information and are skipped.
    public var isUsable: Bool { denominator > 0 && numerator >= 0 && ratio.isFinite }
}

/// How a series of past ratios becomes the ratio used for the forecast.
public enum RatioMethod: Equatable, Sendable, CustomStringConvertible {
    /// Arithmetic mean of the last `window` ratios.
    case mean(window: Int)
    /// Weighted mean of the last `weights.count` ratios, `weights[0]` on the latest (3:2:1 = `[3, 2, 1]`).
    case weighted(weights: [Double])
    /// Median of the last `window` ratios.
    case median(window: Int)
    /// Geometric mean of the last `window` ratios.
    case geometricMean(window: Int)
    /// The latest ratio.
    case last
    /// Simple exponential smoothing over the whole series: level ← α·ratio + (1 − α)·level, started at the
    /// first.
    case exponentialSmoothing(alpha: Double)
    /// Least-squares line through the last `window` ratios (LAPACK), extrapolated with damping φ:
    /// ratio(h) = fitted(T) + slope · (φ + φ² + … + φʰ). φ = 1 is an undamped trend, φ = 0 holds the fitted
    /// level.
    case linearTrend(window: Int, damping: Double)
    /// The average of several methods' ratio paths (a forecast combination).
    case blend([RatioMethod])
    /// Chosen per series from candidate methods by their errors on the series' past (see ``AutoSelection``).
    case auto(AutoSelection)

    /// The number of latest observations the method looks at (for exponential smoothing, its effective memory).
    public var window: Int {
        switch self {
        case .mean(let n), .median(let n), .geometricMean(let n), .linearTrend(let n, _): return n
        case .weighted(let weights): return weights.count
        case .last: return 1
        case .exponentialSmoothing(let alpha): return max(1, Int((2 / alpha - 1).rounded()))
        case .blend(let members): return members.map(\.window).max() ?? 1
        case .auto: return PlanningRules.autoNominalWindow
        }
    }

    public var description: String {
        func number(_ x: Double) -> String {
            x == x.rounded() ? String(Int(x)) : String(x)
        }
        switch self {
        case .mean(let n): return "mean of \(n)"
        case .weighted(let weights): return "weighted \(weights.map(number).joined(separator: ":"))"
        case .median(let n): return "median of \(n)"
        case .geometricMean(let n): return "geometric mean of \(n)"
        case .last: return "last"
        case .exponentialSmoothing(let alpha): return "exponential smoothing α=\(number(alpha))"
        case .linearTrend(let n, let phi): return "linear trend of \(n), damping \(number(phi))"
        case .blend(let members): return "blend of " + members.map(\.description).joined(separator: " + ")
        case .auto(let selection): return "auto (\(selection.candidates.count) candidates)"
        }
    }
}

/// A ratio method plus optional shrinkage of each area's ratio toward the ratio pooled over all areas.
public struct RatioEstimator: Equatable, Sendable, CustomStringConvertible {
    public var method: RatioMethod
    /// Prior strength k in pupils: the area's own ratio gets weight n / (n + k), where n is its mean
    /// denominator (cohort size) over the method's window, and the pooled ratio the rest. nil = no shrinkage.
    public var shrinkageStrength: Double?

    public init(_ method: RatioMethod, shrinkageStrength: Double? = nil) {
        self.method = method
        self.shrinkageStrength = shrinkageStrength
    }

    public var description: String {
        guard let k = shrinkageStrength else { return method.description }
        return "\(method), shrunk to pooled (k=\(k == k.rounded() ? String(Int(k)) : String(k)))"
    }
}

/// A ratio projected over the forecast horizon: a level plus an optionally damped slope.
public struct RatioPath: Equatable, Sendable {
    /// The ratio at the last observed year (for non-trend methods, the estimate itself).
    public let level: Double
    /// Change per year of the fitted line (zero except for the linear trend).
    public let slope: Double
    /// Damping φ of the slope (irrelevant when the slope is zero).
    public let damping: Double
    /// Amounts added step by step (index `step − 1`; the last one holds after): a period effect that fades with the
    /// horizon. Empty: none.
    public var shifts: [Double] = []

    public init(level: Double, slope: Double = 0, damping: Double = 1) {
        self.level = level
        self.slope = slope
        self.damping = damping
    }

    /// The ratio `step` years after the origin (step ≥ 1), never negative.
    public func ratio(atStep step: Int) -> Double {
        let shift = shifts.isEmpty ? 0 : shifts[min(step, shifts.count) - 1]
        guard slope != 0 else { return max(0, level + shift) }
        var cumulative = 0.0
        var power = 1.0
        for _ in 0..<step {
            power *= damping
            cumulative += power
        }
        return max(0, level + shift + slope * cumulative)
    }

    /// The mean of several paths: levels and slopes averaged; the damping is that of the first trending path
    /// (exact when at most one path trends, as in the shipped blends). nil for no paths.
    static func average(_ paths: [RatioPath]) -> RatioPath? {
        guard !paths.isEmpty else { return nil }
        let count = Double(paths.count)
        return RatioPath(
            level: paths.reduce(0) { $0 + $1.level } / count,
            slope: paths.reduce(0) { $0 + $1.slope } / count,
            damping: paths.first { $0.slope != 0 }?.damping ?? 1)
    }

    /// `weight · self + (1 − weight) · other`, step by step (exact for both paths' shapes).
    func blended(with other: RatioPath, weight: Double) -> RatioPath {
        // Mixing two damped slopes with different φ is not a single damped path; the forecaster only blends
        // paths of the same method, so φ is shared.
        RatioPath(
            level: weight * level + (1 - weight) * other.level,
            slope: weight * slope + (1 - weight) * other.slope,
            damping: slope != 0 ? damping : other.damping)
    }
}

/// Why a ratio method's settings cannot be used (a window below 1, a smoothing constant outside (0, 1], …).
public enum RatioEstimationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The setting `setting` (named as in a model file: `window`, `weights`, `alpha`, `damping`, `candidates`,
    /// `combine`, `prior`, `steps`) is out of range; `message` says how.
    case invalidSetting(setting: String, message: String)

    /// The setting at fault, as named in a model file.
    public var setting: String {
        switch self {
        case .invalidSetting(let setting, _): return setting
        }
    }

    public var description: String {
        switch self {
        case .invalidSetting(_, let message): return message
        }
    }
}

extension RatioMethod {
    /// Checks the settings: windows ≥ 1, weights non-negative with a positive sum, 0 < α ≤ 1, 0 ≤ φ ≤ 1.
    public func validate() throws(RatioEstimationError) {
        switch self {
        case .mean(let n), .median(let n), .geometricMean(let n):
            if n < 1 { throw .invalidSetting(setting: "window", message: "window must be at least 1 (got \(n))") }
        case .weighted(let weights):
            if weights.isEmpty || weights.contains(where: { $0 < 0 || !$0.isFinite }) || weights.reduce(0, +) <= 0 {
                throw .invalidSetting(
                    setting: "weights",
                    message: "weights must be non-negative numbers with a positive sum (got \(weights))")
            }
        case .last: break
        case .exponentialSmoothing(let alpha):
            if !(alpha > 0 && alpha <= 1) {
                throw .invalidSetting(setting: "alpha", message: "alpha must be in (0, 1] (got \(alpha))")
            }
        case .linearTrend(let n, let phi):
            if n < 2 {
                throw .invalidSetting(
                    setting: "window", message: "a linear trend needs a window of at least 2 (got \(n))")
            }
            if !(phi >= 0 && phi <= 1) {
                throw .invalidSetting(setting: "damping", message: "damping must be in [0, 1] (got \(phi))")
            }
        case .blend(let members):
            if members.isEmpty {
                throw .invalidSetting(setting: "candidates", message: "a blend needs at least one method")
            }
            for member in members { try member.validate() }
        case .auto(let selection):
            if selection.candidates.isEmpty {
                throw .invalidSetting(setting: "candidates", message: "auto needs at least one candidate method")
            }
            for candidate in selection.candidates {
                if case .auto = candidate {
                    throw .invalidSetting(setting: "candidates", message: "auto cannot be its own candidate")
                }
                try candidate.validate()
            }
            if selection.combine < 1 {
                throw .invalidSetting(setting: "combine", message: "auto must combine at least 1 method")
            }
            if !(selection.priorStrength >= 0) {
                throw .invalidSetting(setting: "prior", message: "auto prior strength must be ≥ 0")
            }
            if selection.scoringSteps < 1 {
                throw .invalidSetting(setting: "steps", message: "auto must score at least 1 step ahead")
            }
        }
    }

    /// Estimates the forecast ratio path from past observations (oldest first). Unusable observations
    /// (zero denominator) are skipped; returns nil when none is left.
    ///
    /// Windows shorter than asked use what there is: a mean of 3 over two observations is their mean.
    public func estimate(_ observations: [RatioObservation], globalErrors: [Double]? = nil) -> RatioPath? {
        estimate(observations, globalErrors: globalErrors, scored: nil)
    }

    /// As ``estimate(_:globalErrors:)``; `scored` is `observations` already scored by this method's
    /// ``AutoSelection`` (used by `auto` only; nil: scored here).
    func estimate(
        _ observations: [RatioObservation], globalErrors: [Double]?, scored: AutoSelection.ScoredSeries?
    ) -> RatioPath? {
        if case .auto(let selection) = self {
            if let scored { return selection.estimate(scored: scored, globalErrors: globalErrors) }
            return selection.estimate(observations, globalErrors: globalErrors)
        }
        let ratios = observations.filter(\.isUsable).map(\.ratio)
        return estimate(ratios: ratios[...])
    }

    /// The path from plain ratios (oldest first, all usable). The allocation-free core of
    /// ``estimate(_:globalErrors:)``,
    /// called many times by ``AutoSelection`` when it scores candidates on every past origin.
    func estimate(ratios: ArraySlice<Double>) -> RatioPath? {
        guard let latest = ratios.last else { return nil }
        switch self {
        case .mean(let n):
            let recent = ratios.suffix(n)
            return RatioPath(level: recent.reduce(0, +) / Double(recent.count))
        case .weighted(let weights):
            // weights[0] belongs to the latest ratio.
            var sum = 0.0
            var total = 0.0
            for (weight, ratio) in zip(weights, ratios.reversed()) {
                sum += weight * ratio
                total += weight
            }
            return RatioPath(level: total > 0 ? sum / total : latest)
        case .median(let n):
            let sorted = ratios.suffix(n).sorted()
            let middle = sorted.count / 2
            return RatioPath(level: sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2)
        case .geometricMean(let n):
            let recent = ratios.suffix(n)
            if recent.contains(0) { return RatioPath(level: 0) }
            return RatioPath(level: exp(recent.reduce(0) { $0 + log($1) } / Double(recent.count)))
        case .last:
            return RatioPath(level: latest)
        case .exponentialSmoothing(let alpha):
            var level = ratios[ratios.startIndex]
            for ratio in ratios.dropFirst() { level = alpha * ratio + (1 - alpha) * level }
            return RatioPath(level: level)
        case .blend(let members):
            return RatioPath.average(members.compactMap { $0.estimate(ratios: ratios) })
        case .auto(let selection):
            return selection.estimate(ratios: Array(ratios), globalErrors: nil)
        case .linearTrend(let n, let phi):
            let recent = Array(ratios.suffix(n))
            guard recent.count >= 2 else { return RatioPath(level: latest) }
            // Time measured from the latest observation (0) backwards, so the intercept is the fitted level at T.
            let times = (0..<recent.count).map { Double($0 - recent.count + 1) }
            guard let design = try? Matrix(columns: [Array(repeating: 1, count: recent.count), times]),
                let fit = try? leastSquares(design: design, response: recent)
            else {
                return RatioPath(level: latest)
            }
            return RatioPath(level: fit.coefficients[0], slope: fit.coefficients[1], damping: phi)
        }
    }
}

extension RatioEstimator {
    /// The area's ratio path, shrunk toward `pooled` when shrinkage is on; falls back to `pooled` when the
    /// area has no usable observation. nil only when neither exists.
    /// `globalErrors` feeds ``AutoSelection`` with the all-area error of each candidate.
    public func estimate(
        own observations: [RatioObservation], pooled: RatioPath?,
        globalErrors: [Double]? = nil
    ) -> RatioEstimate? {
        estimate(own: observations, pooled: pooled, globalErrors: globalErrors, scored: nil)
    }

    /// As ``estimate(own:pooled:globalErrors:)``, with `observations` already scored for `auto` (nil: scored here).
    func estimate(
        own observations: [RatioObservation], pooled: RatioPath?, globalErrors: [Double]?,
        scored: AutoSelection.ScoredSeries?
    ) -> RatioEstimate? {
        let own = method.estimate(observations, globalErrors: globalErrors, scored: scored)
        guard let own else {
            return pooled.map { RatioEstimate(path: $0, own: nil, pooled: $0, ownWeight: 0) }
        }
        guard let k = shrinkageStrength, let pooled else {
            return RatioEstimate(path: own, own: own, pooled: pooled, ownWeight: 1)
        }
        let recent = observations.filter(\.isUsable).suffix(method.window)
        let cohortSize = recent.reduce(0) { $0 + $1.denominator } / Double(recent.count)
        let weight = k > 0 ? cohortSize / (cohortSize + k) : 1
        return RatioEstimate(
            path: own.blended(with: pooled, weight: weight), own: own, pooled: pooled,
            ownWeight: weight)
    }
}

/// The ratio an area will use, with the parts it was made from (for the ratios report and `explain`).
public struct RatioEstimate: Equatable, Sendable {
    /// The path used in the projection.
    public let path: RatioPath
    /// The area's own estimate; nil when it had no usable observation.
    public let own: RatioPath?
    /// The estimate pooled over all areas with this transition; nil when not computed.
    public let pooled: RatioPath?
    /// Weight on the area's own path (1 without shrinkage, 0 when it fell back to the pooled path).
    public let ownWeight: Double
    /// Amount added to the ratio for the area's period effect one year ahead (0 without period adjustment).
    public var periodShift: Double = 0
    /// The period effect behind the shift, with its national and local parts and their persistence (nil when
    /// the shift is the fixed `period_adjustment` weight, or none).
    public var periodEffect: PeriodEffect?

    /// The same estimate with its path moved up by `shift` (a period adjustment).
    /// The estimate with `shifts[h − 1]` added `h` years ahead (the last one holding after), recorded with the
    /// period effect that made them.
    func shifted(bySteps shifts: [Double], effect: PeriodEffect) -> RatioEstimate {
        var shiftedPath = path
        shiftedPath.shifts = shifts
        var copy = RatioEstimate(path: shiftedPath, own: own, pooled: pooled, ownWeight: ownWeight)
        copy.periodShift = shifts.first ?? 0
        copy.periodEffect = effect
        return copy
    }

    func shifted(by shift: Double) -> RatioEstimate {
        var copy = RatioEstimate(
            path: RatioPath(level: path.level + shift, slope: path.slope, damping: path.damping),
            own: own, pooled: pooled, ownWeight: ownWeight)
        copy.periodShift = periodShift + shift
        return copy
    }
}
