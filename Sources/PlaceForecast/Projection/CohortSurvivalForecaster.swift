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
    ///   - overrides: totals (pupils) that replace the projection of an area, academic year and year group: the
    ///     known intakes of Reception and Year 7 (`intakes.csv`, or the actual entry in a backtest). The cohort
    ///     rolls on from the given total by the usual survival ratios. A known row has method `known intake`,
    ///     keeps the projection it replaced in ``ForecastRow/replacedProjection``, and it and the later rows of
    ///     its cohort in the same area carry it in ``ForecastRow/knownEntry``. Cells the area does not project
    ///     are ignored (the readers refuse them).
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
                skipped.append(
                    SkippedArea(
                        area: history.area,
                        reason: "no pupils in \(origin); its data end in \(history.lastYear)"))
                continue
            }
            plans.append(try AreaPlan(history: history, origin: origin, transfers: inputs.transfers))
        }
        guard !plans.isEmpty else { throw .noPupils }
        // An area with Reception pupils but no births cannot be forecast. In a file of many areas it is skipped and
        // named (the others are forecast); alone, or feeding another area's Year 7, it is an error.
        let feeding = Set(inputs.transfers?.feeders.values.flatMap { $0.map(\.primaryArea) } ?? [])
        let withoutBirths = plans.filter { plan in
            plan.transitions.contains { $0.1 == .intake } && inputs.births.byArea[plan.area.code]?.isEmpty != false
        }
        if !withoutBirths.isEmpty {
            let feedsAnother = withoutBirths.first { feeding.contains($0.area.code) }
            if withoutBirths.count == plans.count || feedsAnother != nil {
                throw .missingBirths(area: (feedsAnother ?? withoutBirths[0]).area.code)
            }
            let skippedCodes = Set(withoutBirths.map(\.area.code))
            plans.removeAll { skippedCodes.contains($0.area.code) }
            skipped += withoutBirths.map {
                SkippedArea(area: $0.area, reason: "it has Reception pupils but no births in the births file")
            }
        }

        let estimation = try RatioEstimation(plans: plans, pupils: pupils, inputs: inputs, model: model)
        let intake = try IntakeProjection(
            plans: plans, pupils: pupils, inputs: inputs, model: model,
            origin: origin, estimation: estimation)
        let rows = project(
            plans: plans, estimation: estimation, intake: intake, origin: origin,
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
    private func project(
        plans: [AreaPlan], estimation: RatioEstimation, intake: IntakeProjection,
        origin: AcademicYear, horizon: Int, overrides: [PupilOverride: Double]
    ) -> [ForecastRow] {
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
                    return Step(
                        group: group, transition: transition, ratio: nil, method: intake.methodLabel(code), feeders: [])
                case .survival, .feederTransfer:
                    let feeders =
                        transition == .feederTransfer
                        ? (estimation.transfers?.feeders[code] ?? []).compactMap { feeder in
                            index[feeder.primaryArea].map { ($0, feeder.share) }
                        }
                        : []
                    return Step(
                        group: group, transition: transition, ratio: estimation.ratio(code, transition),
                        method: "\(transition.label): \(estimation.methodLabel(code, transition))", feeders: feeders)
                }
            }
        }
        // Rolls all areas forward together: Year 7 of a secondary planning area draws on last year's Year 6 of
        // its feeder primary areas.
        var current = plans.map(\.originCounts)
        // The known cell each year group's cohort rolled on from (nil: from the census or a projected intake).
        var entries = [[PupilOverride?]](
            repeating: [PupilOverride?](repeating: nil, count: YearGroup.all.count), count: plans.count)
        var rows = [[ForecastRow]](repeating: [], count: plans.count)
        for stepAhead in 1...horizon {
            let year = origin.advanced(by: stepAhead)
            var next = current
            var nextEntries = entries
            for (areaIndex, plan) in plans.enumerated() {
                let previous = current[areaIndex]
                var counts = [Double?](repeating: nil, count: YearGroup.all.count)
                var cohortEntries = [PupilOverride?](repeating: nil, count: YearGroup.all.count)
                for step in steps[areaIndex] {
                    let projected: Double
                    var entry: PupilOverride?
                    switch step.transition {
                    case .intake:
                        projected = intake.reception(plan.area.code, year: year, step: stepAhead)
                    case .survival(let from):
                        projected = (previous[from.index] ?? 0) * step.ratio!.ratio(atStep: stepAhead)
                        entry = entries[areaIndex][from.index]
                    case .feederTransfer:
                        let expected = step.feeders.reduce(0.0) { $0 + $1.1 * (current[$1.0][6] ?? 0) }
                        projected = expected * step.ratio!.ratio(atStep: stepAhead)
                    }
                    var row = ForecastRow(
                        area: plan.area, year: year, yearGroup: step.group, pupils: projected, method: step.method)
                    let key = PupilOverride(areaCode: plan.area.code, year: year, yearGroup: step.group)
                    if !overrides.isEmpty, let given = overrides[key] {
                        row = ForecastRow(
                            area: plan.area, year: year, yearGroup: step.group, pupils: given,
                            method: ForecastRow.knownIntakeMethod)
                        row.replacedProjection = projected
                        entry = key
                    }
                    row.knownEntry = entry
                    counts[step.group.index] = row.pupils
                    cohortEntries[step.group.index] = entry
                    rows[areaIndex].append(row)
                }
                next[areaIndex] = counts
                nextEntries[areaIndex] = cohortEntries
            }
            current = next
            entries = nextEntries
        }
        // Plans follow the cohort table's area-code order, and each area's rows are in year, year-group order.
        return rows.flatMap { $0 }
    }
}

/// Identifies one projected cell whose total the planner fixes (see the `overrides` of a forecast): an area code,
/// an academic year (named by its starting calendar year) and a year group. Known intakes use Reception and Year 7.
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
