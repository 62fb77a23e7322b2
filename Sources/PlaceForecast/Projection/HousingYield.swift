/// Pupils expected from new dwellings, kept apart from the trend so planners see both.
///
/// Pupils from housing in year Y and year group g of an area = Σ over completion years c after the origin of
/// extra(c) × perDwelling(g) × phaseIn(Y − c) × stayingOn(g, Y), where extra(c) is the planned completions less
/// the completions the trend already carries (the mean of the last `trendAllowanceYears` observed years, so movers
/// into new homes at the usual rate are not counted twice; negative when building slows, unless the allowance is
/// ``TrendAllowance/aboveOnly``), phaseIn(k) is the share of the eventual yield present k years after completion
/// (the last value holds afterwards), and stayingOn is 1 before Year 12 and the receiving area's fitted staying-on
/// ratio in Years 12 and 13 (see ``Forecast/stayingOnRatio(area:group:year:)``).
public struct HousingYields: Equatable, Sendable {
    /// How planned completions are set against the rate of building the trend already carries.
    public enum TrendAllowance: String, Equatable, Sendable, CaseIterable {
        /// extra(c) = completions(c) − allowance, negative allowed: building below the usual rate lowers the
        /// forecast.
        case symmetric
        /// extra(c) = max(0, completions(c) − allowance): only building above the usual rate counts.
        case aboveOnly = "above_only"
    }

    /// Eventual pupils per dwelling in each year group.
    public var perDwelling: [YearGroup: Double]
    /// Share of the eventual yield reached 0, 1, 2 … years after completion.
    public var phaseIn: [Double]
    /// Number of observed years whose mean completions count as already in the trend (0 = none).
    public var trendAllowanceYears: Int
    /// Whether completions below the allowance lower the forecast (``TrendAllowance/symmetric``) or add nothing.
    public var trendAllowance: TrendAllowance

    public init(
        perDwelling: [YearGroup: Double], phaseIn: [Double], trendAllowanceYears: Int,
        trendAllowance: TrendAllowance = PlanningRules.defaultTrendAllowance
    ) {
        self.perDwelling = perDwelling
        self.phaseIn = phaseIn
        self.trendAllowanceYears = trendAllowanceYears
        self.trendAllowance = trendAllowance
    }

    /// Yields of 0.20 primary, 0.15 secondary and 0.06 post-16 pupils per dwelling (an example LA's, DOMAIN.md),
    /// spread evenly over the phase's year groups; a quarter of the yield in the completion year, rising to the
    /// full yield in the fourth; the last 5 observed years' mean completions are taken as already in the trend, and
    /// building below that rate lowers the forecast (symmetric allowance).
    public static let standard = HousingYields(
        perDwelling: perPhase(
            primary: PlanningRules.defaultYieldPerDwelling[.primary]!,
            secondary: PlanningRules.defaultYieldPerDwelling[.secondary]!,
            sixthForm: PlanningRules.defaultYieldPerDwelling[.sixthForm]!),
        phaseIn: PlanningRules.defaultYieldPhaseIn, trendAllowanceYears: PlanningRules.defaultTrendAllowanceYears)

    /// Per-year-group yields from per-phase totals, spread evenly (R–6, 7–11, 12–13).
    public static func perPhase(primary: Double, secondary: Double, sixthForm: Double) -> [YearGroup: Double] {
        var yields: [YearGroup: Double] = [:]
        for group in YearGroup.projected {
            let total: Double
            switch group.phase {
            case .primary: total = primary
            case .secondary: total = secondary
            case .sixthForm: total = sixthForm
            }
            yields[group] = total / Double(PlanningRules.yearGroups(of: group.phase).count)
        }
        return yields
    }

    func share(yearsSinceCompletion k: Int) -> Double {
        guard k >= 0, let last = phaseIn.last else { return 0 }
        return k < phaseIn.count ? phaseIn[k] : last
    }

    /// The completions a year the trend already carries: the mean of the last `trendAllowanceYears` observed years
    /// up to `origin` that the series gives (0 with none).
    public func allowance(_ byYear: [AcademicYear: Double], origin: AcademicYear) -> Double {
        let observed = (0..<trendAllowanceYears).compactMap { byYear[origin.advanced(by: -$0)] }
        return observed.isEmpty ? 0 : observed.reduce(0, +) / Double(observed.count)
    }

    /// Completions above (negative: below) the trend allowance in each year after `origin`, for one area; floored
    /// at 0 with ``TrendAllowance/aboveOnly``. Years run to the last year the series gives; a year missing before
    /// then counts as 0 completions (as in `housing.csv`), and after it building is taken to go on at the trend's
    /// rate (no adjustment).
    public func extraCompletions(_ byYear: [AcademicYear: Double], origin: AcademicYear) -> [(AcademicYear, Double)] {
        let allowance = allowance(byYear, origin: origin)
        guard let last = byYear.keys.max(), last > origin else { return [] }
        return (1...origin.distance(to: last)).map { origin.advanced(by: $0) }.map { year in
            let extra = (byYear[year] ?? 0) - allowance
            return (year, trendAllowance == .aboveOnly ? max(0, extra) : extra)
        }
    }

    /// Housing pupils by forecast area, year and year group. Pupils of a year group the housing area does not
    /// teach (secondary pupils from a primary planning area's dwellings) go to the areas its Year 6 transfers to,
    /// in proportion to the transfer shares; with no transfer shares they cannot be placed and are left out.
    /// `stayingOn(area, group, year)` scales the pupils an area receives (the staying-on ratio in Years 12–13, 1
    /// elsewhere); it is asked of the receiving area, so sixth formers follow the ratio of the area they study in.
    /// Pupils may be negative with a ``TrendAllowance/symmetric`` allowance.
    public func pupils(
        _ housing: HousingSeries, origin: AcademicYear, years: ClosedRange<AcademicYear>,
        teaches: (String, YearGroup) -> Bool, transfers: TransferShares?,
        stayingOn: (String, YearGroup, AcademicYear) -> Double = { _, _, _ in 1 }
    )
        -> [String: [AcademicYear: [YearGroup: Double]]]
    {
        // Secondary destinations of each primary area, with normalised shares.
        var destinations: [String: [(String, Double)]] = [:]
        for (secondary, feeders) in transfers?.feeders ?? [:] {
            for feeder in feeders { destinations[feeder.primaryArea, default: []].append((secondary, feeder.share)) }
        }
        var result: [String: [AcademicYear: [YearGroup: Double]]] = [:]
        for area in housing.byArea.keys.sorted() {
            let extra = extraCompletions(housing.byArea[area]!, origin: origin)
            for year in years {
                for (group, yield) in perDwelling where yield > 0 {
                    let pupils = extra.reduce(0.0) {
                        $0 + $1.1 * yield * share(yearsSinceCompletion: $1.0.distance(to: year))
                    }
                    guard pupils != 0 else { continue }
                    if teaches(area, group) {
                        result[area, default: [:]][year, default: [:]][group, default: 0] +=
                            pupils * stayingOn(area, group, year)
                    } else if let targets = destinations[area]?.sorted(by: { $0.0 < $1.0 }) {
                        // Sorted before summing: the feeders come from a dictionary, whose order changes by run.
                        let total = targets.reduce(0) { $0 + $1.1 }
                        for (target, share) in targets where total > 0 && teaches(target, group) {
                            result[target, default: [:]][year, default: [:]][group, default: 0] +=
                                pupils * share / total * stayingOn(target, group, year)
                        }
                    }
                }
            }
        }
        return result
    }
}

extension Forecast {
    /// The share of a housing cohort expected in `group` of `area` in `year`: 1 before Year 12; in Year 12 the
    /// area's fitted 11→12 ratio at that year's step; in Year 13 the 11→12 ratio a step earlier (at least step 1)
    /// × the 12→13 ratio at that year's step. An area without its own ratio takes the mean over the areas that
    /// have one, and 1 when none has (the yield is then taken as it stands).
    public func stayingOnRatio(area: String, group: YearGroup, year: AcademicYear) -> Double {
        StayingOnRatios(self).ratio(area: area, group: group, year: year)
    }

    /// The forecast with pupils from new housing added on top of the trend (kept visible in
    /// ``ForecastRow/housingPupils``); Year 12–13 pupils scaled by ``stayingOnRatio(area:group:year:)``. Housing
    /// pupils below zero (building below the trend's rate) lower the forecast, floored so that no year group goes
    /// below zero pupils. Intervals move with the point forecast (floored at zero too).
    ///
    /// Known intakes: an admissions number already counts the children living in new homes by then, so a known
    /// cell gets no housing pupils, and a later row of its cohort in the same area gets only the housing pupils
    /// the cohort gains after its entry: h(g, Y) − h(entry, entry year) × stayingOn(g, Y), where h is the housing
    /// pupils of that area, year and year group computed as above (stayingOn as in Years 12–13, 1 before). With
    /// the default yields (equal within a phase) this is the growth of the phase-in since the entry year.
    public func addingHousing(_ housing: HousingSeries, yields: HousingYields, transfers: TransferShares?) -> Forecast {
        let stayingOn = StayingOnRatios(self)
        func stayingOnRatio(area: String, group: YearGroup, year: AcademicYear) -> Double {
            stayingOn.ratio(area: area, group: group, year: year)
        }
        var teaching: [String: Set<YearGroup>] = [:]
        for row in rows { teaching[row.area.code, default: []].insert(row.yearGroup) }
        let extra = yields.pupils(
            housing, origin: origin, years: years,
            teaches: { teaching[$0]?.contains($1) ?? false }, transfers: transfers,
            stayingOn: { stayingOnRatio(area: $0, group: $1, year: $2) })
        /// Housing pupils of `row`, less what its known entry already counts (nil: none).
        func housingPupils(_ row: ForecastRow) -> Double? {
            let computed = extra[row.area.code]?[row.year]?[row.yearGroup]
            guard let entry = row.knownEntry else { return computed }
            guard !row.isKnownIntake else { return nil }
            let atEntry = extra[entry.areaCode]?[entry.year]?[entry.yearGroup] ?? 0
            let carried = atEntry * stayingOnRatio(area: row.area.code, group: row.yearGroup, year: row.year)
            return (computed ?? 0) - carried
        }
        return Forecast(
            modelName: modelName, origin: origin, horizon: horizon,
            rows: rows.map { row in
                guard let computed = housingPupils(row), computed != 0 else { return row }
                let added = max(computed, -row.pupils)
                var row = row
                row.housingPupils += added
                row.pupils += added
                row.interval80 = row.interval80.map { max(0, $0.lowerBound + added)...max(0, $0.upperBound + added) }
                row.interval95 = row.interval95.map { max(0, $0.lowerBound + added)...max(0, $0.upperBound + added) }
                return row
            }, ratios: ratios, skipped: skipped, notes: notes)
    }
}

/// The staying-on ratios of ``Forecast/stayingOnRatio(area:group:year:)`` looked up by area (England has 2,000
/// areas and housing in each: no scan of every fitted ratio per row). The fallback, the mean over the areas that
/// have the ratio, is summed in the forecast's ratio order, as a scan would.
struct StayingOnRatios {
    private let origin: AcademicYear
    /// Area code → the 11→12 and 12→13 fitted ratios (the first of each, as a scan finds).
    private let own: [String: [Transition: FittedRatio]]
    /// The fitted 11→12 and 12→13 ratios of every area, in the forecast's order.
    private let all: [Transition: [FittedRatio]]
    /// Their mean at each step of the forecast (the fallback), worked out once.
    private var means: [Transition: [Int: Double]] = [:]

    init(_ forecast: Forecast) {
        origin = forecast.origin
        let transitions = [YearGroup(index: 11)!, YearGroup(index: 12)!].map { Transition.survival(from: $0) }
        var own: [String: [Transition: FittedRatio]] = [:]
        var all: [Transition: [FittedRatio]] = [:]
        for ratio in forecast.ratios where transitions.contains(ratio.transition) {
            if own[ratio.area.code]?[ratio.transition] == nil {
                own[ratio.area.code, default: [:]][ratio.transition] = ratio
            }
            all[ratio.transition, default: []].append(ratio)
        }
        (self.own, self.all) = (own, all)
        for transition in transitions {
            for step in 1...max(1, forecast.horizon) { means[transition, default: [:]][step] = mean(transition, step) }
        }
    }

    private func mean(_ transition: Transition, _ step: Int) -> Double {
        let all = (all[transition] ?? []).map { $0.estimate.path.ratio(atStep: step) }
        return all.isEmpty ? 1 : all.reduce(0, +) / Double(all.count)
    }

    func ratio(area: String, group: YearGroup, year: AcademicYear) -> Double {
        guard group.phase == .sixthForm else { return 1 }
        let step = origin.distance(to: year)
        func ratio(from: YearGroup, atStep step: Int) -> Double {
            let transition = Transition.survival(from: from)
            if let own = own[area]?[transition] { return own.estimate.path.ratio(atStep: step) }
            return means[transition]?[step] ?? mean(transition, step)
        }
        let eleven = YearGroup(index: 11)!
        guard group.index == 13 else { return ratio(from: eleven, atStep: max(1, step)) }
        return ratio(from: eleven, atStep: max(1, step - 1)) * ratio(from: YearGroup(index: 12)!, atStep: max(1, step))
    }
}
