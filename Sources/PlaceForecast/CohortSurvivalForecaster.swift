import LinearAlgebra

/// Projects pupils by area, academic year and year group by cohort survival.
///
/// For each forecast year Y = origin + h (h = 1 … horizon), with every ratio estimated from the history up to
/// the origin only:
/// - Reception(Y) = births(Y−4) × reception ratio(h), or the regression intake model;
/// - N(g+1, Y) = N(g, Y−1) × survival ratio(g→g+1, h) for each year group the area teaches;
/// - a secondary planning area with no Year 6 of its own takes Year 7(Y) = transfer ratio(h) × Σ over feeder
///   primary areas of share × Year 6(Y−1);
/// - sixth form by staying-on ratios 11→12 and 12→13 where the area has those years.
/// An area projects the year groups it has in the origin year (Year 14 is never projected).
public struct CohortSurvivalForecaster: Sendable {
    public let model: ForecastModel

    public init(model: ForecastModel) { self.model = model }

    /// Forecasts every area with data in the origin year.
    ///
    /// - Parameters:
    ///   - inputs: pupils, births and the optional housing and transfer inputs.
    ///   - origin: the last observed year to use; defaults to the latest year in the pupils input. Pupil rows
    ///     after it are ignored. (Births after it are used: they are known before the children start school.
    ///     Use ``ForecastInputs/asKnown(at:)`` to forecast as of a past date.)
    ///   - horizon: years ahead; defaults to the model's.
    ///   - overrides: totals that replace the projection of an area, year and year group (e.g. a known intake);
    ///     the cohort then rolls on from the given total.
    public func forecast(
        _ inputs: ForecastInputs, origin: AcademicYear? = nil, horizon: Int? = nil,
        overrides: [PupilOverride: Double] = [:]
    ) throws(ForecastError) -> Forecast {
        var model = self.model
        if let horizon { model.horizon = horizon }
        try model.validate()
        guard let origin = origin ?? inputs.pupils.lastYear else { throw .noPupils }
        let pupils = inputs.pupils.truncated(through: origin)

        var skipped: [SkippedArea] = []
        var plans: [AreaPlan] = []
        for history in pupils.histories {
            guard history.lastYear == origin else {
                skipped.append(SkippedArea(area: history.area,
                                           reason: "no pupils in \(origin); its data end in \(history.lastYear)"))
                continue
            }
            plans.append(try AreaPlan(history: history, origin: origin, transfers: inputs.transfers))
        }
        guard !plans.isEmpty else { throw .noPupils }

        let estimation = try RatioEstimation(plans: plans, pupils: pupils, inputs: inputs, model: model)
        let intake = try IntakeProjection(plans: plans, pupils: pupils, inputs: inputs, model: model,
                                          origin: origin, estimation: estimation)
        let rows = project(plans: plans, estimation: estimation, intake: intake, origin: origin,
                           horizon: model.horizon, overrides: overrides)
        return Forecast(
            modelName: model.name, origin: origin, horizon: model.horizon, rows: rows,
            ratios: (estimation.fitted + intake.fitted).sorted {
                ($0.area.code, $0.transition) < ($1.area.code, $1.transition)
            },
            skipped: skipped, notes: intake.notes
        )
    }

    /// Rolls every area forward year by year; all areas advance together because Year 7 of a secondary
    /// planning area draws on Year 6 of its feeder primary areas in the previous year.
    private func project(plans: [AreaPlan], estimation: RatioEstimation, intake: IntakeProjection,
                         origin: AcademicYear, horizon: Int, overrides: [PupilOverride: Double]) -> [ForecastRow] {
        /// One projected year group of one area, with everything that does not change from year to year.
        struct Step {
            let group: YearGroup
            let transition: Transition
            let ratio: RatioPath?
            let method: String
            /// For feeder transfer: (index of the feeder area in `plans`, share).
            let feeders: [(Int, Double)]
        }
        let index = Dictionary(uniqueKeysWithValues: plans.enumerated().map { ($1.area.code, $0) })
        let steps: [[Step]] = plans.map { plan in
            plan.transitions.map { group, transition in
                let code = plan.area.code
                switch transition {
                case .intake:
                    return Step(group: group, transition: transition, ratio: nil, method: intake.methodLabel(code), feeders: [])
                case .survival, .feederTransfer:
                    let feeders = transition == .feederTransfer
                        ? (estimation.transfers?.feeders[code] ?? []).compactMap { feeder in
                            index[feeder.primaryArea].map { ($0, feeder.share) } }
                        : []
                    return Step(group: group, transition: transition, ratio: estimation.ratio(code, transition),
                                method: "\(transition.label): \(estimation.methodLabel(code, transition))", feeders: feeders)
                }
            }
        }
        // Rolls all areas forward together: Year 7 of a secondary planning area draws on last year's Year 6 of
        // its feeder primary areas.
        var current = plans.map(\.originCounts)
        var rows = [[ForecastRow]](repeating: [], count: plans.count)
        for stepAhead in 1...horizon {
            let year = origin.advanced(by: stepAhead)
            var next = current
            for (areaIndex, plan) in plans.enumerated() {
                let previous = current[areaIndex]
                var counts = [Double?](repeating: nil, count: YearGroup.all.count)
                for step in steps[areaIndex] {
                    let value: Double, method: String
                    if !overrides.isEmpty,
                       let given = overrides[PupilOverride(areaCode: plan.area.code, year: year, yearGroup: step.group)] {
                        (value, method) = (given, "override")
                    } else {
                        switch step.transition {
                        case .intake:
                            value = intake.reception(plan.area.code, year: year, step: stepAhead)
                        case .survival(let from):
                            value = (previous[from.index] ?? 0) * step.ratio!.ratio(atStep: stepAhead)
                        case .feederTransfer:
                            let expected = step.feeders.reduce(0.0) { $0 + $1.1 * (current[$1.0][6] ?? 0) }
                            value = expected * step.ratio!.ratio(atStep: stepAhead)
                        }
                        method = step.method
                    }
                    counts[step.group.index] = value
                    rows[areaIndex].append(ForecastRow(area: plan.area, year: year, yearGroup: step.group,
                                                       pupils: value, method: method))
                }
                next[areaIndex] = counts
            }
            current = next
        }
        // Plans follow the cohort table's area-code order, and each area's rows are in year, year-group order.
        return rows.flatMap { $0 }
    }
}

/// Identifies one projected cell whose total the planner fixes (see the `overrides` of a forecast).
public struct PupilOverride: Hashable, Sendable {
    public let areaCode: String
    public let year: AcademicYear
    public let yearGroup: YearGroup

    public init(areaCode: String, year: AcademicYear, yearGroup: YearGroup) {
        self.areaCode = areaCode
        self.year = year
        self.yearGroup = yearGroup
    }
}

/// Which transition produces each year group an area projects.
struct AreaPlan {
    let area: Area
    let originCounts: [Double?]
    /// Year group → the transition that produces it, in year-group order.
    let transitions: [(YearGroup, Transition)]

    init(history: CohortTable.AreaHistory, origin: AcademicYear, transfers: TransferShares?) throws(ForecastError) {
        area = history.area
        originCounts = history.counts[history.counts.count - 1]
        var list: [(YearGroup, Transition)] = []
        for group in YearGroup.projected where originCounts[group.index] != nil {
            if group == .reception {
                list.append((group, .intake))
            } else if originCounts[group.index - 1] != nil {
                list.append((group, .survival(from: group.previous!)))
            } else if group.index == 7 {
                guard transfers?.feeders[area.code]?.isEmpty == false else {
                    throw .missingFeeders(area: area.code)
                }
                list.append((group, .feederTransfer))
            } else {
                throw .missingYearGroup(area: area.code, year: origin, group: group)
            }
        }
        transitions = list
    }
}

/// Ratio observations of every area, pooled series, and the estimate each area uses.
struct RatioEstimation {
    let transfers: TransferShares?
    private(set) var estimates: [String: [Transition: RatioEstimate]] = [:]
    private(set) var fitted: [FittedRatio] = []
    private let model: ForecastModel

    init(plans: [AreaPlan], pupils: CohortTable, inputs: ForecastInputs, model: ForecastModel) throws(ForecastError) {
        self.transfers = inputs.transfers
        self.model = model
        var observations: [String: [Transition: [RatioObservation]]] = [:]
        for plan in plans {
            let history = pupils[plan.area.code]!
            for (_, transition) in plan.transitions {
                switch transition {
                case .intake:
                    continue  // handled by IntakeProjection
                case .survival(let from):
                    observations[plan.area.code, default: [:]][transition] =
                        Self.survivalObservations(history, from: from)
                case .feederTransfer:
                    observations[plan.area.code, default: [:]][transition] =
                        Self.feederObservations(history, pupils: pupils, transfers: inputs.transfers)
                }
            }
        }
        var pooled: [Transition: RatioPath] = [:]
        for (transition, series) in Self.pooledSeries(observations) {
            pooled[transition] = estimator(transition).method.estimate(series)
        }
        var globalErrors: [Transition: [Double]] = [:]
        for (transition, _) in pooled {
            if case .auto(let selection) = estimator(transition).method {
                globalErrors[transition] = selection.globalErrors(observations.keys.sorted().compactMap {
                    observations[$0]![transition]
                })
            }
        }
        for plan in plans {
            var areaEstimates: [Transition: RatioEstimate] = [:]
            for (transition, series) in observations[plan.area.code] ?? [:] {
                let estimator = estimator(transition)
                guard let estimate = estimator.estimate(own: series, pooled: pooled[transition],
                                                        globalErrors: globalErrors[transition]) else {
                    throw .noHistory(area: plan.area.code, transition: transition.label)
                }
                areaEstimates[transition] = estimate
            }
            if model.periodAdjustment > 0 {
                areaEstimates = Self.periodAdjusted(areaEstimates, observations[plan.area.code] ?? [:],
                                                    weight: model.periodAdjustment)
            }
            estimates[plan.area.code] = areaEstimates
            for (transition, estimate) in areaEstimates {
                fitted.append(FittedRatio(area: plan.area, transition: transition,
                                          observations: observations[plan.area.code]![transition]!,
                                          estimate: estimate, method: estimator(transition).description))
            }
        }
    }

    /// Moves every compulsory-school survival ratio of an area (R→1 … 10→11) by `weight` × the area's period
    /// effect: the mean, over those transitions, of the latest observed ratio minus the ratio estimated for
    /// next year. Migration moves all year groups of an area together, so their common latest deviation is a
    /// far less noisy signal than any one transition's latest ratio.
    static func periodAdjusted(_ estimates: [Transition: RatioEstimate], _ observations: [Transition: [RatioObservation]],
                               weight: Double) -> [Transition: RatioEstimate] {
        func isCompulsory(_ transition: Transition) -> Bool {
            if case .survival(let from) = transition { return from.index <= 10 }
            return false
        }
        let compulsory = estimates.keys.filter(isCompulsory).sorted()
        let latestYear = compulsory.compactMap { observations[$0]?.last?.year }.max()
        var deviations: [Double] = []
        for transition in compulsory {
            guard let latest = observations[transition]?.last, latest.year == latestYear, latest.isUsable else { continue }
            deviations.append(latest.ratio - estimates[transition]!.path.ratio(atStep: 1))
        }
        guard !deviations.isEmpty else { return estimates }
        let shift = weight * deviations.reduce(0, +) / Double(deviations.count)
        var adjusted = estimates
        for transition in compulsory { adjusted[transition] = estimates[transition]!.shifted(by: shift) }
        return adjusted
    }

    func estimator(_ transition: Transition) -> RatioEstimator {
        switch transition {
        case .intake:
            if case .birthsRatio(let estimator) = model.intake { return estimator }
            return RatioEstimator(.mean(window: 3))
        case .survival(let from): return model.estimator(leaving: from)
        case .feederTransfer: return model.transfer
        }
    }

    func ratio(_ area: String, _ transition: Transition) -> RatioPath { estimates[area]![transition]!.path }

    func methodLabel(_ area: String, _ transition: Transition) -> String {
        let estimate = estimates[area]![transition]!
        return estimate.own == nil ? "pooled \(estimator(transition).method) (no own history)"
            : estimator(transition).description
    }

    /// s(g→g+1) observed in year t+1: N(g+1, t+1) / N(g, t).
    static func survivalObservations(_ history: CohortTable.AreaHistory, from: YearGroup) -> [RatioObservation] {
        let to = from.next!
        return history.years.dropFirst().compactMap { year in
            guard let numerator = history.pupils(year, to),
                  let denominator = history.pupils(year.advanced(by: -1), from) else { return nil }
            return RatioObservation(year: year, numerator: numerator, denominator: denominator)
        }
    }

    /// Year 7(t+1) of a secondary area over Σ share × Year 6(t) of its feeders.
    static func feederObservations(_ history: CohortTable.AreaHistory, pupils: CohortTable,
                                   transfers: TransferShares?) -> [RatioObservation] {
        guard let transfers else { return [] }
        let seven = YearGroup(index: 7)!, six = YearGroup(index: 6)!
        return history.years.dropFirst().compactMap { year in
            guard let numerator = history.pupils(year, seven),
                  let expected = transfers.expectedTransfer(to: history.area.code, yearSix: { feeder in
                      pupils[feeder]?.pupils(year.advanced(by: -1), six)
                  }) else { return nil }
            return RatioObservation(year: year, numerator: numerator, denominator: expected)
        }
    }

    /// Σ numerators / Σ denominators over areas, year by year, for each transition.
    static func pooledSeries(_ observations: [String: [Transition: [RatioObservation]]])
        -> [Transition: [RatioObservation]] {
        var sums: [Transition: [AcademicYear: (Double, Double)]] = [:]
        // Areas in code order, so the sums (and every forecast) are the same bit for bit on every run.
        for byTransition in observations.keys.sorted().map({ observations[$0]! }) {
            for (transition, series) in byTransition {
                for observation in series where observation.isUsable {
                    let sum = sums[transition, default: [:]][observation.year] ?? (0, 0)
                    sums[transition, default: [:]][observation.year] =
                        (sum.0 + observation.numerator, sum.1 + observation.denominator)
                }
            }
        }
        return sums.mapValues { byYear in
            byYear.keys.sorted().map { RatioObservation(year: $0, numerator: byYear[$0]!.0, denominator: byYear[$0]!.1) }
        }
    }
}

/// Reception intake for every area that has Reception: births × ratio, or a least-squares regression.
struct IntakeProjection {
    private(set) var fitted: [FittedRatio] = []
    private(set) var notes: [String] = []
    private var ratios: [String: RatioPath] = [:]
    private var regressions: [String: (intercept: Double, births: Double, housing: Double)] = [:]
    private var labels: [String: String] = [:]
    private let births: BirthSeries
    private let housing: HousingSeries?

    init(plans: [AreaPlan], pupils: CohortTable, inputs: ForecastInputs, model: ForecastModel,
         origin: AcademicYear, estimation: RatioEstimation) throws(ForecastError) {
        births = inputs.births
        housing = inputs.housing
        let intakeAreas = plans.filter { $0.transitions.contains { $0.1 == .intake } }
        var observations: [String: [RatioObservation]] = [:]
        for plan in intakeAreas {
            guard inputs.births.byArea[plan.area.code]?.isEmpty == false else {
                throw .missingBirths(area: plan.area.code)
            }
            observations[plan.area.code] = Self.receptionObservations(pupils[plan.area.code]!, births: inputs.births)
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
            notes.append("births are known to \(lastBirths); Reception from \(lastBirths + 5) onward holds each "
                + "area's last known births constant")
        }
    }

    private mutating func fitRatios(_ plans: [AreaPlan], _ observations: [String: [RatioObservation]],
                                    estimator: RatioEstimator) throws(ForecastError) {
        let pooledSeries = RatioEstimation.pooledSeries(observations.mapValues { [.intake: $0] })[.intake] ?? []
        let pooled = estimator.method.estimate(pooledSeries)
        var globalErrors: [Double]?
        if case .auto(let selection) = estimator.method {
            globalErrors = selection.globalErrors(plans.map { observations[$0.area.code]! })
        }
        for plan in plans {
            let series = observations[plan.area.code]!
            guard let estimate = estimator.estimate(own: series, pooled: pooled, globalErrors: globalErrors) else {
                throw .noHistory(area: plan.area.code, transition: Transition.intake.label)
            }
            ratios[plan.area.code] = estimate.path
            labels[plan.area.code] = "births->R: "
                + (estimate.own == nil ? "pooled \(estimator.method) (no own history)" : estimator.description)
            fitted.append(FittedRatio(area: plan.area, transition: .intake, observations: series,
                                      estimate: estimate, method: estimator.description))
        }
    }

    /// Reception(t) = a + b·births(t−4) [+ c·completions(t)], per area or pooled with one intercept per area.
    private mutating func fitRegressions(_ plans: [AreaPlan], _ observations: [String: [RatioObservation]],
                                         pupils: CohortTable, regression: IntakeRegression) throws(ForecastError) {
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
            var designRows: [[Double]] = [], response: [Double] = []
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
                regressions[plan.area.code] = (fit.coefficients[index], fit.coefficients[codes.count],
                                               regression.useHousing ? fit.coefficients[codes.count + 1] : 0)
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
            regressions[plan.area.code] = (fit.coefficients[0], fit.coefficients[1],
                                           regression.useHousing ? fit.coefficients[2] : 0)
            labels[plan.area.code] = "births->R: \(regression)"
        }
        if !fallbackAreas.isEmpty {
            try fitRatios(fallbackAreas, observations, estimator: regression.fallback)
            notes.append("too little history for a per-area intake regression in "
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

    /// Births for Reception in `year`, holding the area's last known births constant beyond them.
    private func birthsFor(_ area: String, year: AcademicYear) -> Double {
        let wanted = year.receptionBirthsYear
        if let known = births.births(area, wanted) { return known }
        let series = births.byArea[area]!
        let latest = series.keys.filter { $0 <= wanted }.max() ?? series.keys.min()!
        return series[latest]!
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
                  let born = births.births(history.area.code, year.receptionBirthsYear) else { return nil }
            return RatioObservation(year: year, numerator: reception, denominator: born)
        }
    }
}
