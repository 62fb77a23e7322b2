import Foundation
import LinearAlgebra

/// Growth of all areas' plans together, per window, computed once for every area of a caseload and origin.
final class PooledGrowth {
    private let caseload: EHCPCaseload
    private let origin: AcademicYear
    private let population: SendPopulation?
    private var rates: [Int: Double?] = [:]
    private var dampings: [Int: SendDampingEstimate] = [:]

    init(_ caseload: EHCPCaseload, origin: AcademicYear, population: SendPopulation? = nil) {
        self.caseload = caseload
        self.origin = origin
        self.population = population
    }

    /// φ estimated on the counts known at the origin (``SendDamping``), once per window.
    func damping(_ window: Int) -> SendDampingEstimate {
        if let cached = dampings[window] { return cached }
        let estimate = SendDamping.estimate(caseload, population: population, origin: origin, window: window)
        dampings[window] = estimate
        return estimate
    }

    /// Mean annual growth of the summed plans of the areas with counts in each of the last `window` + 1 years.
    func rate(_ window: Int) -> Double? {
        if let cached = rates[window] { return cached }
        var pooled: [AcademicYear: Double] = [:]
        for (_, byYear) in caseload.totals.sorted(by: { $0.key < $1.key })
        where (0...window).allSatisfy({ byYear[origin.advanced(by: -$0)] != nil }) {
            for back in 0...window {
                let year = origin.advanced(by: -back)
                pooled[year, default: 0] += byYear[year]!
            }
        }
        let rate = SendForecaster.meanGrowth(pooled, endingAt: origin, years: window)
        rates[window] = rate
        return rate
    }
}

/// The choice made by `SendMethod.auto`, judged only on counts up to the origin.
struct SendAutoChoice {
    let candidates: [SendMethod]
    var population: SendPopulation? = nil
    /// Absolute percentage errors (sum, count) of each candidate for each area, at every past origin s with two
    /// years of counts behind it (targets s+1…s+3, all up to the origin).
    func errors(
        _ caseload: EHCPCaseload, origin: AcademicYear,
        pupils: (String, AcademicYear) -> Double?
    ) -> [String: [ErrorTally]] {
        var result: [String: [ErrorTally]] = [:]
        guard let first = caseload.totals.values.compactMap({ $0.keys.min() }).min() else { return result }
        var past = first.advanced(by: PlanningRules.sendMinimumHistory)
        while past < origin {
            let atPast = caseload.asKnown(at: past)
            let pooled = PooledGrowth(atPast, origin: past, population: population)
            let steps = min(3, past.distance(to: origin))
            for (index, candidate) in candidates.enumerated() {
                for area in atPast.totals.keys.sorted() where atPast.totals[area]?[past] != nil {
                    guard
                        let forecast = SendForecaster.project(
                            candidate, atPast, area: area, origin: past,
                            horizon: steps, pupils: pupils, pooled: pooled, population: population)
                    else { continue }
                    var entry = result[area] ?? candidates.map { _ in ErrorTally(sum: 0, count: 0) }
                    for (step, value) in forecast.enumerated() {
                        guard let actual = caseload.totals[area]?[past.advanced(by: step + 1)], actual > 0 else {
                            continue
                        }
                        entry[index].sum += abs(value - actual) / actual
                        entry[index].count += 1
                    }
                    result[area] = entry
                }
            }
            past = past.advanced(by: 1)
        }
        return result
    }

    /// Each area's chosen method: lowest mean absolute percentage error, shrunk toward the all-area error.
    func choose(
        _ caseload: EHCPCaseload, origin: AcademicYear,
        pupils: (String, AcademicYear) -> Double?
    ) -> [String: SendMethod] {
        let byArea = errors(caseload, origin: origin, pupils: pupils)
        let global = CandidateScores.allAreaMeans(
            byArea.keys.sorted().map { byArea[$0]! },
            candidates: candidates.count)
        var chosen: [String: SendMethod] = [:]
        for area in caseload.totals.keys {
            let own = byArea[area] ?? candidates.map { _ in ErrorTally(sum: 0, count: 0) }
            let scores = CandidateScores.shrunk(
                own: own, allArea: global,
                priorStrength: PlanningRules.sendAutoPriorStrength, unscored: .infinity)
            chosen[area] = candidates[candidates.indices.min { (scores[$0], $0) < (scores[$1], $1) }!]
        }
        return chosen
    }
}
