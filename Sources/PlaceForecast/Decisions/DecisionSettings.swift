import Foundation

/// The forecast that places are planned against.
public enum PlanningBasis: String, Equatable, Sendable {
    /// The point forecast.
    case point
    /// The upper bound of the 80% prediction interval.
    case upper80 = "upper_80"
}

/// The surplus build needs are sized to restore at the peak.
public enum BuildTo: String, Equatable, Sendable {
    /// Enough places to bring the peak back to at least `targetPercent` surplus.
    case target
    /// Enough places to cover the peak shortfall only (0% surplus).
    case zero
}

/// Cost per place in pounds of the three ways to add places.
public struct PlaceCosts: Equatable, Sendable {
    public var expansion: Double
    public var newSchool: Double
    public var temporary: Double

    public init(expansion: Double, newSchool: Double, temporary: Double) {
        self.expansion = expansion
        self.newSchool = newSchool
        self.temporary = temporary
    }

    public static let zero = PlaceCosts(expansion: 0, newSchool: 0, temporary: 0)
}

/// The planner's targets and the property team's assumptions.
public struct PlanningSettings: Equatable, Sendable {
    /// Surplus the LA aims to keep, per cent of capacity (DfE's advised operating margin: about 5%).
    public var targetPercent: Double = 5
    /// Surplus above which places are in excess, per cent.
    public var bandPercent: Double = 10
    /// Surplus of funded early-years places to keep, per cent of places (`early_years_target_percent`).
    public var earlyYearsTargetPercent: Double = PlanningRules.earlyYearsDefaultTargetPercent
    /// Plan places against the point forecast or its upper 80% bound.
    public var basis: PlanningBasis = .point
    /// Years between the decision to build and the places opening.
    public var leadTimeYears: Int = 3
    /// Size build needs to restore the target surplus at the peak (`target`) or only to cover the shortfall.
    public var buildTo: BuildTo = .target
    /// Allow half forms of entry (half of `PlanningRules.placesPerFormOfEntry` per year group) in build needs.
    public var allowHalfFormsOfEntry: Bool = false
    /// Cost per place in pounds (DfE scorecard 2025): permanent expansion, new school, temporary.
    public var costPerPlace: [Phase: PlaceCosts] = [
        .primary: PlaceCosts(expansion: 21_000, newSchool: 25_100, temporary: 9_900),
        .secondary: PlaceCosts(expansion: 28_900, newSchool: 30_400, temporary: 11_200),
    ]

    public init() {}
}

/// Unfilled shares of capacity, per cent, at which deficit risk is low, medium and high.
public struct UnfilledThresholds: Equatable, Sendable {
    public var low: Double
    public var medium: Double
    public var high: Double

    public init(low: Double, medium: Double, high: Double) {
        self.low = low
        self.medium = medium
        self.high = high
    }
}

/// Falls in income, per cent, at which deficit risk is medium and high.
public struct LossThresholds: Equatable, Sendable {
    public var medium: Double
    public var high: Double

    public init(medium: Double, high: Double) {
        self.medium = medium
        self.high = high
    }
}

/// Finance's assumptions for deficit risk.
public struct FinanceSettings: Equatable, Sendable {
    /// Pupil-led funding a school gains or loses per pupil, pounds a year, by phase (the marginal rate): by default
    /// `PlanningRules.marginalRatePerPupil` (90% of the 2024-25 average funding per pupil).
    public var ratePerPupil: [Phase: Double] = PlanningRules.marginalRatePerPupil
    /// Years by which funding follows rolls (budgets use the previous October census).
    public var censusLagYears: Int = 1
    /// Unfilled shares (per cent) that raise low, medium and high risk.
    public var unfilledThresholds = PlanningRules.deficitUnfilledPercent
    /// Entry-year pupils per form of entry below which a school is at risk (medium).
    public var minimumIntakePerFormOfEntry: Double = 25
    /// Fall in funded (R–11) pupil-led income on the year before, per cent, that raises medium risk.
    public var incomeLossPercent: Double = PlanningRules.deficitYearOnYearLossPercent
    /// Years of the medium-term window over which the fall in funded income is also judged.
    public var mediumTermYears: Int = PlanningRules.deficitMediumTermYears
    /// Falls in funded income over the medium-term window, per cent, that raise medium and high risk.
    public var mediumTermLossPercent = PlanningRules.deficitMediumTermLossPercent
    /// Roll above capacity, per cent of capacity, from which over-capacity is a medium risk (below it: low).
    public var overCapacityPercent: Double = PlanningRules.deficitOverCapacityPercent

    public init() {}
}
