import Foundation

/// The planner's targets and the property team's assumptions.
public struct PlanningSettings: Equatable, Sendable {
    /// Surplus the LA aims to keep, per cent of capacity (DfE's advised operating margin: about 5%).
    public var targetPercent: Double = 5
    /// Surplus above which places are in excess, per cent.
    public var bandPercent: Double = 10
    /// Plan places against the upper 80% forecast instead of the point forecast.
    public var useUpper80: Bool = false
    /// Years between the decision to build and the places opening.
    public var leadTimeYears: Int = 3
    /// Allow half forms of entry (15 places per year group) in build needs.
    public var allowHalfFormsOfEntry: Bool = false
    /// Cost per place in pounds (DfE scorecard 2025): permanent expansion, new school, temporary.
    public var costPerPlace: [Phase: (expansion: Double, newSchool: Double, temporary: Double)] = [
        .primary: (21_000, 25_100, 9_900), .secondary: (28_900, 30_400, 11_200),
    ]

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.targetPercent == rhs.targetPercent && lhs.bandPercent == rhs.bandPercent && lhs.useUpper80 == rhs.useUpper80
            && lhs.leadTimeYears == rhs.leadTimeYears && lhs.allowHalfFormsOfEntry == rhs.allowHalfFormsOfEntry
            && Phase.allCases.allSatisfy { phase in
                lhs.costPerPlace[phase].map { [$0.expansion, $0.newSchool, $0.temporary] }
                    == rhs.costPerPlace[phase].map { [$0.expansion, $0.newSchool, $0.temporary] }
            }
    }
}

/// Finance's assumptions for deficit risk.
public struct FinanceSettings: Equatable, Sendable {
    /// Pupil-led funding per pupil, pounds a year (2024-25 averages: £5,300 primary, £6,830 secondary).
    public var ratePerPupil: [Phase: Double] = [.primary: 5_300, .secondary: 6_830]
    /// Years by which funding follows rolls (budgets use the previous October census).
    public var censusLagYears: Int = 1
    /// Unfilled shares (per cent) that raise low, medium and high risk.
    public var unfilledThresholds: (low: Double, medium: Double, high: Double) = (10, 15, 25)
    /// Entry-year pupils per form of entry below which a school is at risk (medium).
    public var minimumIntakePerFormOfEntry: Double = 25
    /// Loss of pupil-led income against the census year, per cent, that raises medium (and twice it, high) risk.
    public var incomeLossPercent: Double = 5

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.ratePerPupil == rhs.ratePerPupil && lhs.censusLagYears == rhs.censusLagYears
            && [lhs.unfilledThresholds.low, lhs.unfilledThresholds.medium, lhs.unfilledThresholds.high]
                == [rhs.unfilledThresholds.low, rhs.unfilledThresholds.medium, rhs.unfilledThresholds.high]
            && lhs.minimumIntakePerFormOfEntry == rhs.minimumIntakePerFormOfEntry
            && lhs.incomeLossPercent == rhs.incomeLossPercent
    }
}
