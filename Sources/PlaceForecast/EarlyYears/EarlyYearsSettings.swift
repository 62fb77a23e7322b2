import Foundation

/// A value by academic year: 0 before the first year given, the latest value given from then on (a ramp such as
/// take-up 0.5 in 2024, 0.75 in 2025, held at 0.75 after).
public struct YearSchedule: Equatable, Sendable {
    public let values: [Int: Double]

    public init(_ values: [Int: Double]) { self.values = values }

    /// The same value every year.
    public static func constant(_ value: Double) -> YearSchedule { YearSchedule([Int.min: value]) }

    public func value(in year: AcademicYear) -> Double {
        values.filter { $0.key <= year.startYear }.max { $0.key < $1.key }?.value ?? 0
    }
}

/// A funded entitlement newer than the take-up history, added APART from the trend (as housing pupils are).
///
/// Children = population of the age band (3–4s: those not in Reception) × `eligibleShare` × take-up in the year.
/// Demand in 15-hour places: for a `newChildren` entitlement each child needs hours ÷ 15 places; for an
/// `extraHours` entitlement (30 hours for 3–4s, whose children are already counted by the universal trend) each
/// child needs (hours − 15) ÷ 15 more.
public struct Entitlement: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case newChildren = "new_children"
        case extraHours = "extra_hours"
    }

    public let name: String
    public let age: EarlyYearsAge
    public let kind: Kind
    /// Share of the age band eligible (0…1).
    public var eligibleShare: Double
    /// Share of the eligible who take it up, by academic year (0 before the entitlement starts).
    public var takeUp: YearSchedule
    /// Hours a week funded, by academic year.
    public var hours: YearSchedule

    public init(
        name: String, age: EarlyYearsAge, kind: Kind, eligibleShare: Double, takeUp: YearSchedule,
        hours: YearSchedule
    ) {
        self.name = name
        self.age = age
        self.kind = kind
        self.eligibleShare = eligibleShare
        self.takeUp = takeUp
        self.hours = hours
    }

    /// Children taking the entitlement in `year` out of `population`; take-up scaled by `uptake` (a scenario),
    /// capped at 1.
    public func children(population: Double, year: AcademicYear, uptake: Double = 1) -> Double {
        population * eligibleShare * min(1, max(0, takeUp.value(in: year) * uptake))
    }

    /// The 15-hour places `children` need in `year`.
    public func places(children: Double, year: AcademicYear) -> Double {
        let hours = self.hours.value(in: year)
        switch kind {
        case .newChildren: return children * hours / PlanningRules.earlyYearsHoursPerPlace
        case .extraHours:
            return children * max(0, hours - PlanningRules.earlyYearsHoursPerPlace)
                / PlanningRules.earlyYearsHoursPerPlace
        }
    }

    /// The documented defaults (docs/methods.md, "Early years"): planning assumptions to be replaced by the LA's
    /// own estimates in `early_years.yaml`, not published figures.
    /// - `working_parents_2`: working-parent 15 hours for 2-year-olds from April 2024 (first January count 2025,
    ///   year 2024), 30 hours from September 2025; eligible 0.45 of 2-year-olds (DfE's impact assessment put
    ///   the working-parent offer at roughly half of under-3s' families; those also eligible as disadvantaged are
    ///   counted by the trend), take-up ramping 0.6, 0.75, 0.8.
    /// - `working_parents_under_2`: from 9 months, 15 hours from September 2024, 30 from September 2025; eligible
    ///   0.45, take-up ramping 0.4, 0.6, 0.7 (under-2s use funded places less than 2-year-olds).
    /// - `thirty_hours_3_4`: 30 hours for 3–4s of working parents since September 2017, children already counted
    ///   by the universal trend, so only the extra 15 hours: eligible 0.35 of 3–4s not in Reception, take-up 0.9.
    public static let defaults: [Entitlement] = [
        Entitlement(
            name: "working_parents_2", age: .two, kind: .newChildren, eligibleShare: 0.45,
            takeUp: YearSchedule([2024: 0.6, 2025: 0.75, 2026: 0.8]), hours: YearSchedule([2024: 15, 2025: 30])),
        Entitlement(
            name: "working_parents_under_2", age: .underTwo, kind: .newChildren, eligibleShare: 0.45,
            takeUp: YearSchedule([2024: 0.4, 2025: 0.6, 2026: 0.7]), hours: YearSchedule([2024: 15, 2025: 30])),
        Entitlement(
            name: "thirty_hours_3_4", age: .threeFour, kind: .extraHours, eligibleShare: 0.35,
            takeUp: YearSchedule([2017: 0.9]), hours: .constant(30)),
    ]
}

/// The early-years assumptions of a run: `early_years.yaml` over the defaults, the target margin from
/// planning.yaml, and a scenario's changes.
public struct EarlyYearsSettings: Equatable, Sendable {
    /// New entitlements, shown apart from the take-up trend.
    public var entitlements: [Entitlement] = Entitlement.defaults
    /// Share of 2-year-olds eligible for the disadvantaged offer; nil: implied by the last year's funded ÷ (pct ÷
    /// 100) ÷ population, held.
    public var twoYearEligibleShare: Double?
    /// Surplus to keep, per cent of places (planning.yaml `early_years_target_percent`).
    public var targetPercent: Double = PlanningRules.earlyYearsDefaultTargetPercent
    /// Surplus above which places are in excess, per cent (planning.yaml `band_percent`).
    public var bandPercent: Double = 10
    /// Scenario: trend take-up changed by this per cent (−10 = a tenth lower) in every forecast year.
    public var takeUpChangePercent: Double = 0
    /// Scenario: the new entitlements' take-up multiplied by this (1 = as assumed).
    public var entitlementUptake: Double = 1

    public init() {}
}
