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
    /// Prevalence by age band: each band's plans per head of its population (``SendPopulation``: births for
    /// under 5s, pupils of Years 1–6 and 7–11 for 5–10 and 11–15; the count itself for 16–19 and 20–25), its
    /// log growth (the band's mean log change over the last `window` years, shrunk toward the area total's;
    /// see ``bandPaths(_:area:origin:horizon:window:phi:population:)``), damped by φ each year ahead (growth
    /// h years ahead = φ^h × current growth), times the projected population; the total is the origin's total
    /// scaled by the bands' sum. `damping` nil: φ estimated at the origin by
    /// ``SendDamping/estimate(_:population:origin:window:)``.
    case bandPrevalence(window: Int, damping: Double?)
    /// Per area, the candidate with the lowest mean absolute percentage error over every past origin (1…3 years
    /// ahead, targets up to the forecast origin), shrunk toward the candidates' error over all areas.
    case auto([SendMethod])

    public var description: String {
        switch self {
        case .growth(let n): return "growth of last \(n)"
        case .pooledGrowth(let n, let w): return "pooled growth of last \(n) (weight \(w))"
        case .prevalence(let n, let phi): return "prevalence trend of \(n), damping \(phi)"
        case .flow(let n): return "flow (continuation and new plans of last \(n))"
        case .bandPrevalence(let n, let phi):
            return "prevalence by age band, growth of last \(n) damped by "
                + (phi.map { "φ = \($0)" } ?? "φ estimated at the origin")
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
        case .bandPrevalence(let n, let phi):
            return "band_prevalence\(n)" + (phi.map { "_phi\(Int(($0 * 100).rounded()))" } ?? "")
        case .auto: return "auto"
        }
    }

    /// The baseline the issue scores against, and the candidates `auto` chooses from.
    public static let baseline = SendMethod.growth(window: 3)
    public static let candidates: [SendMethod] = [
        .growth(window: 3), .growth(window: 1), .pooledGrowth(window: 1, weight: 1),
        .pooledGrowth(window: 2, weight: 1),
        .pooledGrowth(window: 1, weight: 0.5), .prevalence(window: 5, damping: 0.8), .flow(window: 3),
        .bandPrevalence(window: PlanningRules.sendBandWindow, damping: nil),
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
        pupils: (String, AcademicYear) -> Double?, population: SendPopulation? = nil
    ) -> [String: [Double]] {
        chosenTotals(caseload, origin: origin, horizon: horizon, pupils: pupils, population: population).totals
    }

    /// ``totals(_:origin:horizon:pupils:population:)`` with the method used for each area (auto resolved).
    public func chosenTotals(
        _ caseload: EHCPCaseload, origin: AcademicYear, horizon: Int,
        pupils: (String, AcademicYear) -> Double?, population: SendPopulation? = nil
    ) -> (totals: [String: [Double]], methods: [String: SendMethod]) {
        let known = caseload.asKnown(at: origin)
        var chosen: [String: SendMethod] = [:]
        if case .auto(let candidates) = method {
            chosen = SendAutoChoice(candidates: candidates, population: population)
                .choose(known, origin: origin, pupils: pupils)
        }
        var result: [String: [Double]] = [:]
        var used: [String: SendMethod] = [:]
        let pooled = PooledGrowth(known, origin: origin, population: population)
        for area in known.totals.keys.sorted() where known.totals[area]?[origin] != nil {
            used[area] = chosen[area] ?? method
            result[area] = Self.project(
                chosen[area] ?? method, known, area: area, origin: origin, horizon: horizon,
                pupils: pupils, pooled: pooled, population: population)
        }
        return (result, used)
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
        pooled: PooledGrowth? = nil, population: SendPopulation? = nil
    ) -> [Double]? {
        let pooled = pooled ?? PooledGrowth(caseload, origin: origin, population: population)
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
        case .bandPrevalence(let window, let damping):
            let phi = damping ?? pooled.damping(window).phi
            if let paths = bandPaths(
                caseload, area: area, origin: origin, horizon: horizon, window: window, phi: phi,
                population: population)
            {
                let atOrigin = paths.atOrigin.values.reduce(0, +)
                return (0..<horizon).map { step in
                    latest * paths.projected.values.reduce(0) { $0 + $1[step] } / atOrigin
                }
            }
            // No age bands: the total's log growth of the window, damped the same way.
            let rate =
                SendDamping.currentGrowth(
                    series.filter { $0.value > 0 }.mapValues(log), endingAt: origin,
                    window: window) ?? 0
            var cumulative = 0.0
            return (1...horizon).map { step in
                cumulative += pow(phi, Double(step))
                return latest * exp(rate * cumulative)
            }
        case .auto(let candidates):
            let chosen = SendAutoChoice(candidates: candidates, population: population)
                .choose(caseload, origin: origin, pupils: pupils)[area]
            return project(
                chosen ?? .growth(window: 3), caseload, area: area, origin: origin, horizon: horizon, pupils: pupils,
                population: population)
        }
    }

    /// Plans of each age band with a count at the origin, projected by prevalence (or count) growth damped by φ:
    /// log p(o+h) = log p(o) + ḡ × (φ + φ² + … + φ^h), plans = p × the band's population in o+h (the latest known
    /// population when o+h is not known). ḡ = (1 − w) × the band's mean log change over the last `window` years
    /// (fewer when the band is younger: 20–25 began in 2014) + w × the area's total prevalence growth
    /// (``SendDamping/totalSeries(_:area:population:)``), w = `PlanningRules.sendBandGrowthTotalWeight`.
    /// nil without bands at the origin.
    public static func bandPaths(
        _ caseload: EHCPCaseload, area: String, origin: AcademicYear, horizon: Int, window: Int, phi: Double,
        population: SendPopulation?
    ) -> (atOrigin: [AgeBand: Double], projected: [AgeBand: [Double]])? {
        guard let counts = caseload.bands[area]?[origin], let latestTotal = caseload.totals[area]?[origin] else {
            return nil
        }
        let totalLogs = SendDamping.totalSeries(caseload, area: area, population: population)
        let totalGrowth = (1...max(1, window)).reversed().lazy.compactMap {
            SendDamping.currentGrowth(totalLogs, endingAt: origin, window: $0)
        }.first
        var atOrigin: [AgeBand: Double] = [:]
        var projected: [AgeBand: [Double]] = [:]
        for band in AgeBand.allCases {
            guard let plans = counts[band], plans > 0 else { continue }
            var (values, isPrevalence) = SendDamping.logSeries(
                caseload, area: area, band: band, population: population)
            var base = isPrevalence ? population?.baseHeld(area, origin, band) : nil
            if isPrevalence && (base == nil || values[origin] == nil) {
                (values, isPrevalence, base) = (
                    SendDamping.logSeries(caseload, area: area, band: band, population: nil).values, false, nil
                )
            }
            // The band's own growth is shrunk toward the area's total prevalence growth: band counts jump when
            // plans move between bands (the 2014 reforms), the total's growth is steadier.
            let own = (1...max(1, window)).reversed().lazy.compactMap {
                SendDamping.currentGrowth(values, endingAt: origin, window: $0)
            }.first
            let weight = PlanningRules.sendBandGrowthTotalWeight
            let rate = own.map { (1 - weight) * $0 + weight * (totalGrowth ?? $0) } ?? totalGrowth ?? 0
            let start = log(isPrevalence ? plans / base! : plans)
            var cumulative = 0.0
            var path: [Double] = []
            for step in 1...max(1, horizon) {
                cumulative += pow(phi, Double(step))
                let level = exp(start + rate * cumulative)
                if isPrevalence {
                    let future = population?.baseHeld(area, origin.advanced(by: step), band) ?? base!
                    path.append(level * future)
                } else {
                    path.append(level)
                }
            }
            atOrigin[band] = plans
            projected[band] = Array(path.prefix(horizon))
        }
        _ = latestTotal
        return atOrigin.isEmpty ? nil : (atOrigin, projected)
    }
}
