import LinearAlgebra

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
    /// Years whose ratios are not used as a base: the model's abnormal years and, with estimated persistence, the
    /// national one-year shocks found in the history.
    let setAside: Set<AcademicYear>

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
        setAside = model.abnormalYears.union(
            model.periodSplit != nil ? PeriodEffects.nationalShocks(observations) : [])
        if !setAside.isEmpty {
            observations = observations.mapValues { $0.mapValues { $0.filter { !setAside.contains($0.year) } } }
        }
        var pooled: [Transition: RatioPath] = [:]
        for (transition, series) in Self.pooledSeries(observations) {
            pooled[transition] = estimator(transition).method.estimate(series)
        }
        var globalErrors: [Transition: [Double]] = [:]
        // Each area's series scored once, for the all-area score and again for its own ranking.
        var scored: [Transition: [String: AutoSelection.ScoredSeries]] = [:]
        let codes = observations.keys.sorted()
        for (transition, _) in pooled {
            if case .auto(let selection) = estimator(transition).method {
                var byArea: [String: AutoSelection.ScoredSeries] = [:]
                var inOrder: [AutoSelection.ScoredSeries] = []
                for code in codes {
                    guard let series = observations[code]![transition] else { continue }
                    let scoredSeries = selection.scored(series)
                    byArea[code] = scoredSeries
                    inOrder.append(scoredSeries)
                }
                globalErrors[transition] = selection.globalErrors(scored: inOrder)
                scored[transition] = byArea
            }
        }
        var unadjusted: [String: [Transition: RatioEstimate]] = [:]
        for plan in plans {
            for (transition, series) in observations[plan.area.code] ?? [:] {
                guard
                    let estimate = estimator(transition).estimate(
                        own: series, pooled: pooled[transition], globalErrors: globalErrors[transition],
                        scored: scored[transition]?[plan.area.code])
                else {
                    throw .noHistory(area: plan.area.code, transition: transition.label)
                }
                unadjusted[plan.area.code, default: [:]][transition] = estimate
            }
        }
        let periodEffects =
            model.periodSplit.map {
                Self.periodEffects(
                    observations, estimates: unadjusted, split: $0, model: model,
                    nationalSeries: inputs.nationalPeriodEffects)
            } ?? [:]
        for plan in plans {
            var areaEstimates = unadjusted[plan.area.code] ?? [:]
            if let effect = periodEffects[plan.area.code] {
                let shifts = (1...model.horizon).map(effect.shift(atStep:))
                for (transition, estimate) in areaEstimates where PeriodEffects.isCompulsory(transition) {
                    areaEstimates[transition] = estimate.shifted(bySteps: shifts, effect: effect)
                }
            } else if model.periodAdjustment > 0 && model.periodSplit == nil {
                areaEstimates = Self.periodAdjusted(
                    areaEstimates, observations[plan.area.code] ?? [:],
                    weight: model.periodAdjustment)
            }
            estimates[plan.area.code] = areaEstimates
            for (transition, estimate) in areaEstimates {
                fitted.append(
                    FittedRatio(
                        area: plan.area, transition: transition,
                        observations: observations[plan.area.code]![transition]!,
                        estimate: estimate, method: estimator(transition).description))
            }
        }
    }

    /// The period effect of every area: its latest year's mean deviation of the compulsory survival ratios from their
    /// estimates for next year (as ``periodAdjusted`` measures it), split into the national part (the median over
    /// areas, with enough of them) and the local rest, with the persistence of each fitted on the history
    /// (``PeriodEffects``). Years set aside are not used.
    static func periodEffects(
        _ observations: [String: [Transition: [RatioObservation]]],
        estimates: [String: [Transition: RatioEstimate]], split: ForecastModel.PeriodSplit, model: ForecastModel,
        nationalSeries: NationalPeriodEffects?
    ) -> [String: PeriodEffect] {
        let persistence: PeriodPersistence
        switch split {
        case .shares(let national, let local):
            persistence = PeriodPersistence(national: national, local: local, observations: [])
        case .estimated:
            var histories: [String: [AcademicYear: (deviation: Double, errors: [Int: Double])]] = [:]
            for code in observations.keys.sorted() {
                histories[code] = PeriodEffects.history(
                    observations[code]!, horizons: PeriodEffects.fittedHorizons)
            }
            let national = PeriodEffects.national(histories.mapValues { $0.mapValues(\.deviation) })
            persistence = PeriodEffects.persistence(
                histories, national: national, fallback: model.periodAdjustment)
        }
        var latest: [String: (year: AcademicYear, deviation: Double)] = [:]
        for code in estimates.keys.sorted() {
            guard let series = observations[code] else { continue }
            let compulsory = series.keys.filter(PeriodEffects.isCompulsory).sorted()
            guard let year = compulsory.compactMap({ series[$0]?.last(where: \.isUsable)?.year }).max() else {
                continue
            }
            var deviations: [Double] = []
            for transition in compulsory {
                guard let last = series[transition]?.last(where: \.isUsable), last.year == year,
                    let estimate = estimates[code]?[transition]
                else { continue }
                deviations.append(last.ratio - estimate.path.ratio(atStep: 1))
            }
            if !deviations.isEmpty { latest[code] = (year, PeriodEffects.mean(deviations)) }
        }
        var nationalNow: [AcademicYear: (median: Double, areas: Int)] = [:]
        if latest.count >= PeriodEffects.minimumAreasForNational {
            for year in Set(latest.values.map(\.year)) {
                let values = latest.values.filter { $0.year == year }.map(\.deviation)
                if values.count >= PeriodEffects.minimumAreasForNational / 2 {
                    nationalNow[year] = (PeriodEffects.median(values), values.count)
                }
            }
        }
        return latest.mapValues { entry in
            if let common = nationalNow[entry.year] {
                return PeriodEffect(
                    year: entry.year, national: common.median, local: entry.deviation - common.median,
                    persistence: persistence, nationalAreas: common.areas)
            }
            // Too few areas for a median of their own: the national data's, when given for that year.
            guard latest.count < PeriodEffects.minimumAreasForNational,
                let given = nationalSeries?.byYear[entry.year]
            else {
                return PeriodEffect(
                    year: entry.year, national: 0, local: entry.deviation, persistence: persistence,
                    nationalAreas: 0)
            }
            var effect = PeriodEffect(
                year: entry.year, national: given.deviation, local: entry.deviation - given.deviation,
                persistence: persistence, nationalAreas: given.areas)
            effect.nationalSource = nationalSeries?.source
            return effect
        }
    }

    /// Moves every compulsory-school survival ratio of an area (R→1 … 10→11) by `weight` × the area's period
    /// effect: the mean, over those transitions, of the latest observed ratio minus the ratio estimated for
    /// next year. Migration moves all year groups of an area together, so their common latest deviation is a
    /// far less noisy signal than any one transition's latest ratio.
    static func periodAdjusted(
        _ estimates: [Transition: RatioEstimate], _ observations: [Transition: [RatioObservation]],
        weight: Double
    ) -> [Transition: RatioEstimate] {
        func isCompulsory(_ transition: Transition) -> Bool {
            if case .survival(let from) = transition { return from.index <= 10 }
            return false
        }
        let compulsory = estimates.keys.filter(isCompulsory).sorted()
        let latestYear = compulsory.compactMap { observations[$0]?.last?.year }.max()
        var deviations: [Double] = []
        for transition in compulsory {
            guard let latest = observations[transition]?.last, latest.year == latestYear, latest.isUsable else {
                continue
            }
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
        return estimate.own == nil
            ? "pooled \(estimator(transition).method) (no own history)"
            : estimator(transition).description
    }

    /// s(g→g+1) observed in year t+1: N(g+1, t+1) / N(g, t).
    static func survivalObservations(_ history: CohortTable.AreaHistory, from: YearGroup) -> [RatioObservation] {
        let to = from.next!
        return history.years.dropFirst().compactMap { year in
            guard let numerator = history.pupils(year, to),
                let denominator = history.pupils(year.advanced(by: -1), from)
            else { return nil }
            return RatioObservation(year: year, numerator: numerator, denominator: denominator)
        }
    }

    /// Year 7(t+1) of a secondary area over Σ share × Year 6(t) of its feeders.
    static func feederObservations(
        _ history: CohortTable.AreaHistory, pupils: CohortTable,
        transfers: TransferShares?
    ) -> [RatioObservation] {
        guard let transfers else { return [] }
        let seven = YearGroup(index: 7)!
        let six = YearGroup(index: 6)!
        return history.years.dropFirst().compactMap { year in
            guard let numerator = history.pupils(year, seven),
                let expected = transfers.expectedTransfer(
                    to: history.area.code,
                    yearSix: { feeder in
                        pupils[feeder]?.pupils(year.advanced(by: -1), six)
                    })
            else { return nil }
            return RatioObservation(year: year, numerator: numerator, denominator: expected)
        }
    }

    /// Σ numerators / Σ denominators over areas, year by year, for each transition.
    static func pooledSeries(
        _ observations: [String: [Transition: [RatioObservation]]]
    )
        -> [Transition: [RatioObservation]]
    {
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
            byYear.keys.sorted().map {
                RatioObservation(year: $0, numerator: byYear[$0]!.0, denominator: byYear[$0]!.1)
            }
        }
    }
}
