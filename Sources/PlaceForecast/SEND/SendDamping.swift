import Foundation
import LinearAlgebra

/// The damping factor φ of growth in EHC plan prevalence, estimated by least squares (LAPACK) on the history
/// known at an origin.
///
/// Model: the growth of log-prevalence next year is φ × the current growth, the current growth being the mean
/// log change of the last `window` years, so h years ahead the growth is φ^h × the current growth. φ is the
/// slope of the regression through the origin of each year's log change g(t) in an area's total prevalence
/// (plans per pupil of Years 1–11) on the mean log change of the `window` years before it, pooled over every
/// area and year known at the origin: g(t) = φ × ḡ(t−1) + e.
public struct SendDampingEstimate: Equatable, Sendable, CustomStringConvertible {
    /// The damping factor, clamped to 0…1.
    public let phi: Double
    /// Its standard error from the regression (0 for the fallback).
    public let standardError: Double
    /// Pairs (area, year) in the regression; 0 for the fallback.
    public let observations: Int
    /// The last year whose change was used (the origin).
    public let through: AcademicYear?

    public init(phi: Double, standardError: Double, observations: Int, through: AcademicYear?) {
        self.phi = phi
        self.standardError = standardError
        self.observations = observations
        self.through = through
    }

    /// The documented fallback (too few pairs at the origin, e.g. a single LA with a short history).
    public static let fallback = SendDampingEstimate(
        phi: PlanningRules.sendDampingFallback, standardError: 0, observations: 0, through: nil)

    public var isFallback: Bool { observations == 0 }

    public var description: String {
        isFallback
            ? String(format: "φ = %.3f (national estimate, fallback)", phi)
            : String(
                format: "φ = %.3f (SE %.3f, %d area-years to %@)", phi, standardError, observations,
                through.map { "\($0)" } ?? "")
    }
}

public enum SendDamping {
    /// Log prevalence (plans ÷ the band's population) of one area's band, by year up to the latest count; log
    /// plans for a band without a population base (or with none known). Years with no plans are left out.
    static func logSeries(
        _ caseload: EHCPCaseload, area: String, band: AgeBand, population: SendPopulation?
    ) -> (values: [AcademicYear: Double], isPrevalence: Bool) {
        let byYear = caseload.bands[area] ?? [:]
        let usesBase = SendPopulation.hasBase(band) && population != nil
        var values: [AcademicYear: Double] = [:]
        for (year, counts) in byYear {
            guard let plans = counts[band], plans >= PlanningRules.sendDampingMinimumPlans else { continue }
            if usesBase {
                guard let base = population?.base(area, year, band) else { continue }
                values[year] = log(plans / base)
            } else {
                values[year] = log(plans)
            }
        }
        return (values, usesBase)
    }

    /// Mean log change of the `window` years ending at `end`; nil unless every one of them has a change.
    static func currentGrowth(_ values: [AcademicYear: Double], endingAt end: AcademicYear, window: Int) -> Double? {
        var sum = 0.0
        for back in 0..<window {
            let year = end.advanced(by: -back)
            guard let now = values[year], let before = values[year.advanced(by: -1)] else { return nil }
            sum += now - before
        }
        return window > 0 ? sum / Double(window) : nil
    }

    /// Log prevalence of an area's total plans per pupil of Years 1–11 (the 5–10 and 11–15 bases), by year; log
    /// total plans when the population is not known.
    static func totalSeries(
        _ caseload: EHCPCaseload, area: String, population: SendPopulation?
    ) -> [AcademicYear: Double] {
        var values: [AcademicYear: Double] = [:]
        for (year, plans) in caseload.totals[area] ?? [:] where plans >= PlanningRules.sendDampingMinimumPlans {
            if let population {
                guard let young = population.base(area, year, .age5to10),
                    let old = population.base(area, year, .age11to15)
                else { continue }
                values[year] = log(plans / (young + old))
            } else {
                values[year] = log(plans)
            }
        }
        return values
    }

    /// The regression's pairs (current growth ḡ(t−1), next change g(t)) with t up to `origin`, one per area and
    /// year, on the area's total prevalence (``totalSeries(_:area:population:)``). Bands are not pooled: band
    /// counts moved between bands with the 2014 reforms (16–19 doubled, 20–25 began), so their changes are
    /// dominated by one-off jumps and revert (pooled over bands φ came out below 0 at the origins to 2015, about
    /// 0.2 after).
    public static func observations(
        _ caseload: EHCPCaseload, population: SendPopulation?, origin: AcademicYear, window: Int
    ) -> [(current: Double, next: Double)] {
        var pairs: [(current: Double, next: Double)] = []
        for area in caseload.totals.keys.sorted() {
            let values = totalSeries(caseload, area: area, population: population)
            for year in values.keys.sorted() where year <= origin {
                guard let now = values[year], let before = values[year.advanced(by: -1)],
                    let current = currentGrowth(values, endingAt: year.advanced(by: -1), window: window)
                else { continue }
                pairs.append((current, now - before))
            }
        }
        return pairs
    }

    /// Least squares through the origin, next = φ × current (LAPACK); nil when there are too few pairs.
    public static func fit(_ pairs: [(current: Double, next: Double)]) -> SendDampingEstimate? {
        guard pairs.count >= PlanningRules.sendDampingMinimumPairs,
            let design = try? Matrix(rows: pairs.map { [$0.current] }),
            let result = try? leastSquares(design: design, response: pairs.map(\.next)),
            result.coefficients[0].isFinite
        else { return nil }
        return SendDampingEstimate(
            phi: min(1, max(0, result.coefficients[0])), standardError: result.standardErrors[0],
            observations: pairs.count, through: nil)
    }

    /// φ from the counts (and populations) known at `origin`: on total prevalence, else (fewer than
    /// `PlanningRules.sendDampingMinimumPairs` pairs) on total counts, else the fallback constant.
    public static func estimate(
        _ caseload: EHCPCaseload, population: SendPopulation?, origin: AcademicYear, window: Int
    ) -> SendDampingEstimate {
        let known = caseload.asKnown(at: origin)
        // Prevalence needs pupils (from 2011 nationally); too few pairs: the same regression on total counts
        // (from 2009), then the national constant.
        let pairs = observations(known, population: population?.known(at: origin), origin: origin, window: window)
        guard
            let fitted = fit(pairs)
                ?? fit(observations(known, population: nil, origin: origin, window: window))
        else { return .fallback }
        return SendDampingEstimate(
            phi: fitted.phi, standardError: fitted.standardError, observations: fitted.observations,
            through: origin)
    }
}
