import Foundation

/// One number that places an LA among others (`placeplan compare`). Percentages are percent points; ratios are
/// plain ratios; rates are plans per 1,000 pupils.
public enum ComparisonMeasure: String, CaseIterable, Sendable, Hashable {
    /// % change in pupils R–6 from origin − 5 to the origin.
    case primaryTrend = "primary_change_5y_pct"
    /// % change in pupils 7–11 from origin − 5 to the origin.
    case secondaryTrend = "secondary_change_5y_pct"
    /// Reception(origin) / births(origin − 4).
    case receptionBirths = "reception_births_ratio"
    /// Mean of Reception(Y) / births(Y − 4) over the last 3 years to the origin.
    case receptionBirthsMean = "reception_births_ratio_mean3"
    /// % change in pupils R–6 from the origin to origin + 5 in the `auto` forecast.
    case primaryProjected = "primary_projected_5y_pct"
    /// % change in pupils 7–11 from the origin to origin + 5 in the `auto` forecast.
    case secondaryProjected = "secondary_projected_5y_pct"
    /// Median absolute % error of 1-year-ahead forecasts of the LA's primary total, last 3 origins.
    case primaryAccuracy = "primary_backtest_1y_mdape"
    /// The same for the secondary total.
    case secondaryAccuracy = "secondary_backtest_1y_mdape"
    /// EHC plans (all ages) per 1,000 pupils R–11, latest year of EHC plan data.
    case ehcpRate = "ehcp_per_1000_pupils"
    /// Growth of EHC plans, % a year (compound) over the last 3 years.
    case ehcpGrowth = "ehcp_growth_pct_a_year"

    /// The measures the similarity distance uses: what the LA's data show, not how well the model did.
    public static let similarityMeasures: [ComparisonMeasure] = [
        .primaryTrend, .secondaryTrend, .receptionBirthsMean, .ehcpRate, .ehcpGrowth,
    ]
}

/// The pure arithmetic of the comparison: each function takes numbers or tables and returns a number, or nil
/// when an input it needs is missing.
public enum ComparatorMeasures {
    /// Pupils of `history` in `year` over `groups`; nil when any of the groups has no count that year.
    public static func total(
        _ history: CohortTable.AreaHistory, _ year: AcademicYear, _ groups: [YearGroup]
    ) -> Double? {
        var sum = 0.0
        for group in groups {
            guard let pupils = history.pupils(year, group) else { return nil }
            sum += pupils
        }
        return sum
    }

    /// 100 × (to / from − 1); nil when `from` is not positive.
    public static func percentChange(from: Double?, to: Double?) -> Double? {
        guard let from, let to, from > 0 else { return nil }
        return 100 * (to / from - 1)
    }

    /// % change in pupils over `groups` from `origin − years` to `origin`.
    public static func trend(
        _ history: CohortTable.AreaHistory, _ groups: [YearGroup], origin: AcademicYear,
        years: Int = PlanningRules.compareTrendYears
    ) -> Double? {
        percentChange(from: total(history, origin.advanced(by: -years), groups), to: total(history, origin, groups))
    }

    /// Reception in `year` over births of `year − 4` (ONS mid-year, July Y−5 to June Y−4).
    public static func receptionBirthsRatio(
        _ history: CohortTable.AreaHistory, births: BirthSeries, year: AcademicYear
    ) -> Double? {
        guard let reception = history.pupils(year, .reception),
            let born = births.births(history.area.code, year.receptionBirthsYear), born > 0
        else { return nil }
        return reception / born
    }

    /// Mean of the Reception/births ratio over the `years` years to `through`; nil when any year lacks one.
    public static func meanReceptionBirthsRatio(
        _ history: CohortTable.AreaHistory, births: BirthSeries, through: AcademicYear,
        years: Int = PlanningRules.compareRatioMeanYears
    ) -> Double? {
        var ratios: [Double] = []
        for back in 0..<years {
            guard let ratio = receptionBirthsRatio(history, births: births, year: through.advanced(by: -back)) else {
                return nil
            }
            ratios.append(ratio)
        }
        return ratios.reduce(0, +) / Double(ratios.count)
    }

    /// % change of `groups` from the census at `forecast.origin` to the forecast `years` later.
    public static func projectedChange(
        _ forecast: Forecast, history: CohortTable.AreaHistory, groups: [YearGroup],
        years: Int = PlanningRules.compareProjectionYears
    ) -> Double? {
        let target = forecast.origin.advanced(by: years)
        let wanted = Set(groups)
        var sum = 0.0
        var found = Set<YearGroup>()
        for row in forecast.rows
        where row.area.code == history.area.code && row.year == target && wanted.contains(row.yearGroup) {
            sum += row.pupils
            found.insert(row.yearGroup)
        }
        guard found == wanted else { return nil }
        return percentChange(from: total(history, forecast.origin, groups), to: sum)
    }

    /// Median absolute % error of backtest cells (already one area, phase and horizon); nil for none.
    public static func medianAbsolutePercentError(_ cells: [BacktestCell]) -> Double? {
        let errors = cells.compactMap(\.percentError).map(abs)
        return errors.isEmpty ? nil : Statistics.median(errors)
    }

    /// Plans per 1,000 pupils.
    public static func ratePerThousand(plans: Double?, pupils: Double?) -> Double? {
        guard let plans, let pupils, pupils > 0 else { return nil }
        return 1000 * plans / pupils
    }

    /// Compound growth in % a year from `from` to `to` over `years`: 100 × ((to / from)^(1/years) − 1).
    public static func annualGrowth(from: Double?, to: Double?, years: Int) -> Double? {
        guard let from, let to, from > 0, to >= 0, years > 0 else { return nil }
        return 100 * (pow(to / from, 1 / Double(years)) - 1)
    }
}

extension ComparatorMeasures {
    /// Every measure of one LA that its inputs allow.
    ///
    /// - Parameters:
    ///   - history: the LA's census; trends and ratios end at `origin`.
    ///   - forecast: the `auto` forecast from `origin` (nil: no projected change).
    ///   - backtest: the LA's 1-year-ahead backtest cells (phase totals); primary and secondary are scored apart.
    ///   - plans: the LA's EHC plans (Total, all ages) by year; `ehcpYear` is the year of the rate and the end of
    ///     the growth.
    public static func measures(
        history: CohortTable.AreaHistory, births: BirthSeries, origin: AcademicYear, forecast: Forecast?,
        backtest: [BacktestCell], plans: [AcademicYear: Double]?, ehcpYear: AcademicYear?
    ) -> [ComparisonMeasure: Double] {
        let primary = PlanningRules.primaryYearGroups
        let secondary = PlanningRules.secondaryYearGroups
        var values: [ComparisonMeasure: Double?] = [
            .primaryTrend: trend(history, primary, origin: origin),
            .secondaryTrend: trend(history, secondary, origin: origin),
            .receptionBirths: receptionBirthsRatio(history, births: births, year: origin),
            .receptionBirthsMean: meanReceptionBirthsRatio(history, births: births, through: origin),
            .primaryProjected: forecast.flatMap { projectedChange($0, history: history, groups: primary) },
            .secondaryProjected: forecast.flatMap { projectedChange($0, history: history, groups: secondary) },
            .primaryAccuracy: medianAbsolutePercentError(
                backtest.filter { $0.horizon == 1 && $0.level == .phaseTotal(.primary) }),
            .secondaryAccuracy: medianAbsolutePercentError(
                backtest.filter { $0.horizon == 1 && $0.level == .phaseTotal(.secondary) }),
        ]
        if let plans, let ehcpYear {
            values[.ehcpRate] = ratePerThousand(
                plans: plans[ehcpYear], pupils: total(history, ehcpYear, primary + secondary))
            values[.ehcpGrowth] = annualGrowth(
                from: plans[ehcpYear.advanced(by: -PlanningRules.compareEHCPGrowthYears)], to: plans[ehcpYear],
                years: PlanningRules.compareEHCPGrowthYears)
        }
        return values.compactMapValues { $0 }
    }
}

/// A group's spread on one measure: median, lowest and highest, over the members that have a value.
public struct GroupSummary: Equatable, Sendable {
    public let median: Double
    public let minimum: Double
    public let maximum: Double
    /// Members with a value.
    public let count: Int

    /// nil when no member has a value.
    public init?(_ values: [Double?]) {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard !present.isEmpty else { return nil }
        median = Statistics.median(present)
        minimum = present.min()!
        maximum = present.max()!
        count = present.count
    }
}

/// Nearest LAs by Euclidean distance on standardised measures.
public enum Similarity {
    /// Each measure is standardised over `population` (z = (x − mean) / standard deviation, n − 1); the distance
    /// between two LAs is √Σ (z₁ − z₂)² over `measures`. Measures the target lacks, or with no spread, are left
    /// out; candidates lacking any measure used are skipped. Returns the `count` nearest (nearest first, ties
    /// by code), never the target itself.
    public static func nearest(
        to target: String, values: [String: [ComparisonMeasure: Double]], population: Set<String>,
        measures: [ComparisonMeasure] = ComparisonMeasure.similarityMeasures,
        count: Int = PlanningRules.compareNearestCount
    ) -> [(code: String, distance: Double)] {
        guard let own = values[target] else { return [] }
        var scale: [ComparisonMeasure: (mean: Double, sd: Double)] = [:]
        for measure in measures where own[measure] != nil {
            let xs = population.compactMap { values[$0]?[measure] }
            guard xs.count >= 2 else { continue }
            let mean = xs.reduce(0, +) / Double(xs.count)
            let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
            if sd > 0 { scale[measure] = (mean, sd) }
        }
        let used = measures.filter { scale[$0] != nil }
        guard !used.isEmpty else { return [] }
        var result: [(code: String, distance: Double)] = []
        for code in population where code != target {
            guard let theirs = values[code] else { continue }
            var sum = 0.0
            var complete = true
            for measure in used {
                guard let value = theirs[measure] else {
                    complete = false
                    break
                }
                let (_, sd) = scale[measure]!
                let difference = (value - own[measure]!) / sd
                sum += difference * difference
            }
            if complete { result.append((code, sum.squareRoot())) }
        }
        result.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.code < $1.code }
        return Array(result.prefix(count))
    }
}
