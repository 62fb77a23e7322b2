import Foundation
import LinearAlgebra

/// A way of projecting an area's total EHC plans.
public indirect enum SendMethod: Equatable, Sendable, CustomStringConvertible {
    /// Baseline: the latest total grown by the mean annual growth of the last `window` years.
    case growth(window: Int)
    /// Growth as above, with the area's rate shrunk toward the rate of all areas together:
    /// g = weight × pooled + (1 − weight) × own. Plans grow with national policy (the 2014 reforms), which every
    /// area shares; the pooled rate is far less noisy than one area's.
    case pooledGrowth(window: Int, weight: Double)
    /// Prevalence: plans per pupil on roll (R–13), a log-linear least-squares trend over the last `window`
    /// years (LAPACK), damped by φ, times the projected pupils.
    case prevalence(window: Int, damping: Double)
    /// Flow: stock(t+1) = stock(t) × continuation + new(t), continuation the mean of the last `window` years,
    /// new plans growing at their mean growth of those years. Needs new-plan data; otherwise falls back to growth.
    case flow(window: Int)
    /// Per area, the candidate with the lowest mean absolute percentage error over every past origin (1…3 years
    /// ahead, targets up to the forecast origin), shrunk toward the candidates' error over all areas.
    case auto([SendMethod])

    public var description: String {
        switch self {
        case .growth(let n): return "growth of last \(n)"
        case .pooledGrowth(let n, let w): return "pooled growth of last \(n) (weight \(w))"
        case .prevalence(let n, let phi): return "prevalence trend of \(n), damping \(phi)"
        case .flow(let n): return "flow (continuation and new plans of last \(n))"
        case .auto(let candidates): return "auto (\(candidates.count) candidates)"
        }
    }

    /// Short name used in files.
    public var name: String {
        switch self {
        case .growth(let n): return "growth\(n)"
        case .pooledGrowth(let n, let w): return w == 1 ? "pooled_growth\(n)" : "pooled_growth\(n)_w\(Int(w * 100))"
        case .prevalence(let n, _): return "prevalence\(n)"
        case .flow(let n): return "flow\(n)"
        case .auto: return "auto"
        }
    }

    /// The baseline the issue scores against, and the candidates `auto` chooses from.
    public static let baseline = SendMethod.growth(window: 3)
    public static let candidates: [SendMethod] = [
        .growth(window: 3), .growth(window: 1), .pooledGrowth(window: 1, weight: 1),
        .pooledGrowth(window: 2, weight: 1),
        .pooledGrowth(window: 1, weight: 0.5), .prevalence(window: 5, damping: 0.8), .flow(window: 3),
    ]
    public static let standardAuto = SendMethod.auto(candidates)
}

/// Projects EHC plans by area, year and age band.
public struct SendForecaster: Sendable {
    public let method: SendMethod

    public init(method: SendMethod) { self.method = method }

    /// Total plans of every area with a count in the origin year, for origin+1 … origin+horizon (index 0 =
    /// origin+1). `pupils(area, year)` gives pupils on roll R–13 (census, then forecast) for the prevalence method.
    public func totals(
        _ caseload: EHCPCaseload, origin: AcademicYear, horizon: Int,
        pupils: (String, AcademicYear) -> Double?
    ) -> [String: [Double]] {
        let known = caseload.asKnown(at: origin)
        var chosen: [String: SendMethod] = [:]
        if case .auto(let candidates) = method {
            chosen = SendAutoChoice(candidates: candidates).choose(known, origin: origin, pupils: pupils)
        }
        var result: [String: [Double]] = [:]
        let pooled = PooledGrowth(known, origin: origin)
        for area in known.totals.keys.sorted() where known.totals[area]?[origin] != nil {
            result[area] = Self.project(
                chosen[area] ?? method, known, area: area, origin: origin, horizon: horizon,
                pupils: pupils, pooled: pooled)
        }
        return result
    }

    /// Mean annual growth (value ÷ previous year's − 1) over the `years` years ending at `end` (end, end − 1,
    /// …),
    /// skipping a year without both values or with a zero previous value; nil when no year has a rate. The one
    /// growth rate of every SEND method: an area's plans, all areas' pooled plans, new plans.
    static func meanGrowth(_ values: [AcademicYear: Double], endingAt end: AcademicYear, years: Int) -> Double? {
        let rates = (0..<max(0, years)).compactMap { back -> Double? in
            let year = end.advanced(by: -back)
            guard let now = values[year], let before = values[year.advanced(by: -1)], before > 0 else { return nil }
            return now / before - 1
        }
        return rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count)
    }

    /// One area's projection by a method other than auto (auto is resolved by ``totals``).
    static func project(
        _ method: SendMethod, _ caseload: EHCPCaseload, area: String, origin: AcademicYear,
        horizon: Int, pupils: (String, AcademicYear) -> Double?,
        pooled: PooledGrowth? = nil
    ) -> [Double]? {
        let pooled = pooled ?? PooledGrowth(caseload, origin: origin)
        guard let series = caseload.totals[area], let latest = series[origin] else { return nil }
        func grown(_ rate: Double) -> [Double] { (1...horizon).map { latest * pow(1 + rate, Double($0)) } }
        switch method {
        case .growth(let window):
            return grown(meanGrowth(series, endingAt: origin, years: window) ?? 0)
        case .pooledGrowth(let window, let weight):
            let own = meanGrowth(series, endingAt: origin, years: window) ?? 0
            return grown(weight * (pooled.rate(window) ?? own) + (1 - weight) * own)
        case .prevalence(let window, let damping):
            let years = (0..<window).map { origin.advanced(by: -$0) }.reversed()
            let points = years.compactMap { year -> (Double, Double)? in
                guard let plans = series[year], plans > 0, let base = pupils(area, year), base > 0 else { return nil }
                return (Double(origin.distance(to: year)), log(plans / base))
            }
            guard points.count >= 3, let basePupils = pupils(area, origin), basePupils > 0,
                let design = try? Matrix(rows: points.map { [1, $0.0] }),
                let fit = try? leastSquares(design: design, response: points.map(\.1))
            else {
                return project(
                    .growth(window: 3), caseload, area: area, origin: origin, horizon: horizon, pupils: pupils)
            }
            var cumulative = 0.0
            var power = 1.0
            return (1...horizon).map { step in
                power *= damping
                cumulative += power
                let prevalence = exp(fit.coefficients[0] + fit.coefficients[1] * cumulative)
                return prevalence * (pupils(area, origin.advanced(by: step)) ?? basePupils)
            }
        case .flow(let window):
            let newPlans = caseload.newPlans[area] ?? [:]
            let years = (1...window).map { origin.advanced(by: -$0) }
            let continuations = years.compactMap { year -> Double? in
                guard let stock = series[year], stock > 0, let next = series[year.advanced(by: 1)],
                    let made = newPlans[year]
                else { return nil }
                return (next - made) / stock
            }
            guard !continuations.isEmpty, let lastNew = newPlans[years[0]] else {
                return project(
                    .growth(window: window), caseload, area: area, origin: origin, horizon: horizon, pupils: pupils)
            }
            let continuation = continuations.reduce(0, +) / Double(continuations.count)
            // Growth of new plans over the window, from the plans made in each year before the origin.
            let newGrowth = meanGrowth(newPlans, endingAt: origin.advanced(by: -1), years: window - 1) ?? 0
            var stock = latest
            var made = lastNew
            return (1...horizon).map { _ in
                made *= 1 + newGrowth
                stock = max(0, stock * continuation + made)
                return stock
            }
        case .auto(let candidates):
            let chosen = SendAutoChoice(candidates: candidates).choose(caseload, origin: origin, pupils: pupils)[area]
            return project(
                chosen ?? .growth(window: 3), caseload, area: area, origin: origin, horizon: horizon, pupils: pupils)
        }
    }
}
