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
                globalErrors[transition] = selection.globalErrors(
                    observations.keys.sorted().compactMap {
                        observations[$0]![transition]
                    })
            }
        }
        for plan in plans {
            var areaEstimates: [Transition: RatioEstimate] = [:]
            for (transition, series) in observations[plan.area.code] ?? [:] {
                let estimator = estimator(transition)
                guard
                    let estimate = estimator.estimate(
                        own: series, pooled: pooled[transition],
                        globalErrors: globalErrors[transition])
                else {
                    throw .noHistory(area: plan.area.code, transition: transition.label)
                }
                areaEstimates[transition] = estimate
            }
            if model.periodAdjustment > 0 {
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
