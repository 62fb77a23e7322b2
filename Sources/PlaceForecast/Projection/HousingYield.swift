/// Pupils expected from new dwellings, kept apart from the trend so planners see both.
///
/// Pupils from housing in year Y and year group g of an area = Σ over completion years c after the origin of
/// extra(c) × perDwelling(g) × phaseIn(Y − c), where extra(c) is the planned completions less the completions
/// the trend already carries (the mean of the last `trendAllowanceYears` observed years, so movers into new
/// homes at the usual rate are not counted twice), and phaseIn(k) is the share of the eventual yield present k
/// years after completion (the last value holds afterwards).
public struct HousingYields: Equatable, Sendable {
    /// Eventual pupils per dwelling in each year group.
    public var perDwelling: [YearGroup: Double]
    /// Share of the eventual yield reached 0, 1, 2 … years after completion.
    public var phaseIn: [Double]
    /// Number of observed years whose mean completions count as already in the trend (0 = none).
    public var trendAllowanceYears: Int

    public init(perDwelling: [YearGroup: Double], phaseIn: [Double], trendAllowanceYears: Int) {
        self.perDwelling = perDwelling
        self.phaseIn = phaseIn
        self.trendAllowanceYears = trendAllowanceYears
    }

    /// Yields of 0.20 primary, 0.15 secondary and 0.06 post-16 pupils per dwelling (an example LA's, DOMAIN.md),
    /// spread evenly over the phase's year groups; a quarter of the yield in the completion year, rising to the
    /// full yield in the fourth; the last 5 observed years' mean completions are taken as already in the trend.
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

    /// Completions above the trend allowance in each year after `origin`, for one area.
    func extraCompletions(_ byYear: [AcademicYear: Double], origin: AcademicYear) -> [(AcademicYear, Double)] {
        let observed = (0..<trendAllowanceYears).compactMap { byYear[origin.advanced(by: -$0)] }
        let allowance = observed.isEmpty ? 0 : observed.reduce(0, +) / Double(observed.count)
        return byYear.keys.filter { $0 > origin }.sorted().map { ($0, max(0, byYear[$0]! - allowance)) }
    }

    /// Housing pupils by forecast area, year and year group. Pupils of a year group the housing area does not
    /// teach (secondary pupils from a primary planning area's dwellings) go to the areas its Year 6 transfers to,
    /// in proportion to the transfer shares; with no transfer shares they cannot be placed and are left out.
    public func pupils(
        _ housing: HousingSeries, origin: AcademicYear, years: ClosedRange<AcademicYear>,
        teaches: (String, YearGroup) -> Bool, transfers: TransferShares?
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
                    guard pupils > 0 else { continue }
                    if teaches(area, group) {
                        result[area, default: [:]][year, default: [:]][group, default: 0] += pupils
                    } else if let targets = destinations[area]?.sorted(by: { $0.0 < $1.0 }) {
                        // Sorted before summing: the feeders come from a dictionary, whose order changes by run.
                        let total = targets.reduce(0) { $0 + $1.1 }
                        for (target, share) in targets where total > 0 && teaches(target, group) {
                            result[target, default: [:]][year, default: [:]][group, default: 0] +=
                                pupils * share / total
                        }
                    }
                }
            }
        }
        return result
    }
}

extension Forecast {
    /// The forecast with pupils from new housing added on top of the trend (kept visible in
    /// ``ForecastRow/housingPupils``); intervals move with the point forecast.
    public func addingHousing(_ housing: HousingSeries, yields: HousingYields, transfers: TransferShares?) -> Forecast {
        var teaching: [String: Set<YearGroup>] = [:]
        for row in rows { teaching[row.area.code, default: []].insert(row.yearGroup) }
        let extra = yields.pupils(
            housing, origin: origin, years: years,
            teaches: { teaching[$0]?.contains($1) ?? false }, transfers: transfers)
        return Forecast(
            modelName: modelName, origin: origin, horizon: horizon,
            rows: rows.map { row in
                guard let added = extra[row.area.code]?[row.year]?[row.yearGroup], added > 0 else { return row }
                var row = row
                row.housingPupils += added
                row.pupils += added
                row.interval80 = row.interval80.map { ($0.lowerBound + added)...($0.upperBound + added) }
                row.interval95 = row.interval95.map { ($0.lowerBound + added)...($0.upperBound + added) }
                return row
            }, ratios: ratios, skipped: skipped, notes: notes)
    }
}
