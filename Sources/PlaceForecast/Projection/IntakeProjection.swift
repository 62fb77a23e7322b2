import LinearAlgebra

/// Reception intake for every area that has Reception: births × ratio, or a least-squares regression.
struct IntakeProjection {
    private(set) var fitted: [FittedRatio] = []
    private(set) var notes: [String] = []
    private var ratios: [String: RatioPath] = [:]
    private var regressions: [String: (intercept: Double, births: Double, housing: Double)] = [:]
    private var labels: [String: String] = [:]
    private let births: BirthSeries
    private let housing: HousingSeries?

    init(
        plans: [AreaPlan], pupils: CohortTable, inputs: ForecastInputs, model: ForecastModel,
        origin: AcademicYear, estimation: RatioEstimation
    ) throws(ForecastError) {
        births = inputs.births
        housing = inputs.housing
        let intakeAreas = plans.filter { $0.transitions.contains { $0.1 == .intake } }
        var observations: [String: [RatioObservation]] = [:]
        for plan in intakeAreas {
            guard inputs.births.byArea[plan.area.code]?.isEmpty == false else {
                throw .missingBirths(area: plan.area.code)
            }
            observations[plan.area.code] = Self.receptionObservations(pupils[plan.area.code]!, births: inputs.births)
                .filter { !estimation.setAside.contains($0.year) }
        }

        switch model.intake {
        case .birthsRatio(let estimator):
            try fitRatios(intakeAreas, observations, estimator: estimator)
        case .regression(let regression):
            if regression.useHousing && inputs.housing == nil { throw .missingHousing }
            try fitRegressions(intakeAreas, observations, pupils: pupils, regression: regression)
        }

        let lastBirths = intakeAreas.compactMap { inputs.births.lastYear(of: $0.area.code) }.min()
        let neededBirths = origin.advanced(by: model.horizon).receptionBirthsYear
        if let lastBirths, lastBirths < neededBirths {
            notes.append(
                "births are known to \(lastBirths); Reception from \(lastBirths + 5) onward holds each "
                    + "area's last known births constant")
        }
    }

    private mutating func fitRatios(
        _ plans: [AreaPlan], _ observations: [String: [RatioObservation]],
        estimator: RatioEstimator
    ) throws(ForecastError) {
        let pooledSeries = RatioEstimation.pooledSeries(observations.mapValues { [.intake: $0] })[.intake] ?? []
        let pooled = estimator.method.estimate(pooledSeries)
        var globalErrors: [Double]?
        // Each area's series scored once, for the all-area score and again for its own ranking.
        var scored: [AutoSelection.ScoredSeries]?
        if case .auto(let selection) = estimator.method {
            let all = plans.map { selection.scored(observations[$0.area.code]!) }
            globalErrors = selection.globalErrors(scored: all)
            scored = all
        }
        for (index, plan) in plans.enumerated() {
            let series = observations[plan.area.code]!
            guard
                let estimate = estimator.estimate(
                    own: series, pooled: pooled, globalErrors: globalErrors, scored: scored?[index])
            else {
                throw .noHistory(area: plan.area.code, transition: Transition.intake.label)
            }
            ratios[plan.area.code] = estimate.path
            labels[plan.area.code] =
                "births->R: "
                + (estimate.own == nil ? "pooled \(estimator.method) (no own history)" : estimator.description)
            fitted.append(
                FittedRatio(
                    area: plan.area, transition: .intake, observations: series,
                    estimate: estimate, method: estimator.description))
        }
    }

    /// Reception(t) = a + b·births(t−4) [+ c·completions(t)], per area or pooled with one intercept per area.
    private mutating func fitRegressions(
        _ plans: [AreaPlan], _ observations: [String: [RatioObservation]],
        pupils: CohortTable, regression: IntakeRegression
    ) throws(ForecastError) {
        func rows(_ code: String) -> [(year: AcademicYear, reception: Double, births: Double, housing: Double)] {
            let series = observations[code]!.filter(\.isUsable)
            return series.suffix(regression.window ?? series.count).map {
                ($0.year, $0.numerator, $0.denominator, regression.useHousing ? housingValue(code, $0.year) : 0)
            }
        }
        let slopeCount = regression.useHousing ? 2 : 1
        if regression.pooled {
            let codes = plans.map(\.area.code)
            let data = codes.map(rows)
            let columns = codes.count + slopeCount
            var designRows: [[Double]] = []
            var response: [Double] = []
            for (index, areaRows) in data.enumerated() {
                for row in areaRows {
                    var x = [Double](repeating: 0, count: columns)
                    x[index] = 1
                    x[codes.count] = row.births
                    if regression.useHousing { x[codes.count + 1] = row.housing }
                    designRows.append(x)
                    response.append(row.reception)
                }
            }
            let fit = try Self.solve(designRows, response)
            for (index, plan) in plans.enumerated() {
                regressions[plan.area.code] = (
                    fit.coefficients[index], fit.coefficients[codes.count],
                    regression.useHousing ? fit.coefficients[codes.count + 1] : 0
                )
                labels[plan.area.code] = "births->R: \(regression)"
            }
            return
        }
        var fallbackAreas: [AreaPlan] = []
        for plan in plans {
            let data = rows(plan.area.code)
            guard data.count >= slopeCount + 2 else {
                fallbackAreas.append(plan)
                continue
            }
            let fit = try Self.solve(
                data.map { [1, $0.births] + (regression.useHousing ? [$0.housing] : []) },
                data.map(\.reception))
            regressions[plan.area.code] = (
                fit.coefficients[0], fit.coefficients[1],
                regression.useHousing ? fit.coefficients[2] : 0
            )
            labels[plan.area.code] = "births->R: \(regression)"
        }
        if !fallbackAreas.isEmpty {
            try fitRatios(fallbackAreas, observations, estimator: regression.fallback)
            notes.append(
                "too little history for a per-area intake regression in "
                    + fallbackAreas.map(\.area.code).joined(separator: ", ")
                    + "; they use births × \(regression.fallback) reception ratio")
        }
    }

    private static func solve(_ rows: [[Double]], _ response: [Double]) throws(ForecastError) -> LeastSquaresFit {
        do {
            return try leastSquares(design: Matrix(rows: rows), response: response)
        } catch {
            throw .regressionFailed(error.description)
        }
    }

    private func housingValue(_ area: String, _ year: AcademicYear) -> Double {
        housing?.completions(area, year) ?? 0
    }

    /// Births for Reception in `year`, carried forward past the known years (``BirthSeries/carriedForward(_:to:)``).
    private func birthsFor(_ area: String, year: AcademicYear) -> Double {
        births.carriedForward(area, to: year.receptionBirthsYear)!.births
    }

    func reception(_ area: String, year: AcademicYear, step: Int) -> Double {
        let births = birthsFor(area, year: year)
        if let ratio = ratios[area] { return births * ratio.ratio(atStep: step) }
        let fit = regressions[area]!
        return max(0, fit.intercept + fit.births * births + fit.housing * housingValue(area, year))
    }

    func methodLabel(_ area: String) -> String { labels[area]! }

    /// Reception(t) over births(t−4), for every year with both.
    static func receptionObservations(_ history: CohortTable.AreaHistory, births: BirthSeries) -> [RatioObservation] {
        history.years.compactMap { year in
            guard let reception = history.pupils(year, .reception),
                let born = births.births(history.area.code, year.receptionBirthsYear)
            else { return nil }
            return RatioObservation(year: year, numerator: reception, denominator: born)
        }
    }
}

extension BirthSeries {
    /// The births the forecast uses for births year `wanted` in `area`, and the year they were observed in: the
    /// year itself when known; else the latest earlier known year (past the last known year, or in a gap); else,
    /// when births start after `wanted`, the first known year. nil when the area has no births at all. The one
    /// rule of births carried forward, used by the intake projection and by `explain`.
    public func carriedForward(_ area: String, to wanted: Int) -> (births: Double, year: Int)? {
        if let known = births(area, wanted) { return (known, wanted) }
        guard let series = byArea[area], let first = series.keys.min() else { return nil }
        let year = series.keys.filter { $0 <= wanted }.max() ?? first
        return (series[year]!, year)
    }
}
