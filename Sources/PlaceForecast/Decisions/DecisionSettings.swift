import Foundation

/// The forecast that places are planned against.
public enum PlanningBasis: String, Equatable, Sendable {
    /// The point forecast.
    case point
    /// The upper bound of the 80% prediction interval.
    case upper80 = "upper_80"
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
    /// Plan places against the point forecast or its upper 80% bound.
    public var basis: PlanningBasis = .point
    /// Years between the decision to build and the places opening.
    public var leadTimeYears: Int = 3
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

/// Finance's assumptions for deficit risk.
public struct FinanceSettings: Equatable, Sendable {
    /// Pupil-led funding per pupil, pounds a year (2024-25 averages: £5,300 primary, £6,830 secondary).
    public var ratePerPupil: [Phase: Double] = [.primary: 5_300, .secondary: 6_830]
    /// Years by which funding follows rolls (budgets use the previous October census).
    public var censusLagYears: Int = 1
    /// Unfilled shares (per cent) that raise low, medium and high risk.
    public var unfilledThresholds = UnfilledThresholds(low: 10, medium: 15, high: 25)
    /// Entry-year pupils per form of entry below which a school is at risk (medium).
    public var minimumIntakePerFormOfEntry: Double = 25
    /// Loss of pupil-led income against the census year, per cent, that raises medium (and twice it, high) risk.
    public var incomeLossPercent: Double = 5

    public init() {}
}
