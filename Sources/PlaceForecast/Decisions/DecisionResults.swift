import Foundation

/// Surplus status against the target and the upper band.
public enum SurplusStatus: String, Sendable {
    case shortfall
    case belowTarget = "below target"
    case withinBand = "within band"
    case excess
    /// An LA total row in a year when at least one of its planning areas is short of places, whatever the LA-wide
    /// per cent (spare places in one area never offset a shortfall in another).
    case areasShort = "areas short"

    public static func of(percent: Double, target: Double, band: Double) -> SurplusStatus {
        if percent < 0 { return .shortfall }
        if percent < target { return .belowTarget }
        if percent <= band { return .withinBand }
        return .excess
    }
}

/// Places against pupils for one planning area (or the LA total), phase and year.
public struct SurplusRow: Equatable, Sendable {
    public let areaCode: String
    public let phase: Phase
    public let year: AcademicYear
    public let capacity: Double
    /// Census pupils in the origin year, forecast pupils after it (trend + housing).
    public let pupils: Double
    public let housingPupils: Double
    public let isForecast: Bool
    public let targetPercent: Double
    public let bandPercent: Double
    /// True for the LA total row (`areaCode` is the LA code).
    public var isLATotal: Bool = false
    /// Planning areas short of places (pupils above capacity): for an area row 1 or 0, for the LA row the count.
    public var areasShort: Int = 0
    /// Places short, without offsetting: for an area max(0, pupils − capacity), for the LA row the sum of its areas'.
    public var placesShort: Double = 0

    public var surplusPlaces: Double { capacity - pupils }
    /// (capacity − pupils) / capacity, per cent; nil when there is no capacity.
    public var surplusPercent: Double? { capacity > 0 ? 100 * surplusPlaces / capacity : nil }
    public var status: SurplusStatus {
        if isLATotal, areasShort > 0 { return .areasShort }
        guard let percent = surplusPercent else { return pupils > 0 ? .shortfall : .withinBand }
        return .of(percent: percent, target: targetPercent, band: bandPercent)
    }
}

/// DfE "places needed": pupils − places, positive = a shortfall, per planning area, year group and year.
public struct PlacesNeededRow: Equatable, Sendable {
    public let areaCode: String
    public let phase: Phase
    public let year: AcademicYear
    /// nil for the area's total over its year groups (and for the LA total).
    public let yearGroup: YearGroup?
    /// Point forecast.
    public let pupils: Double
    /// The pupils planned for: the point forecast, or its upper 80% bound when the settings ask.
    public let plannedPupils: Double
    public let capacity: Double
    /// plannedPupils − capacity; for the LA total, the sum of the areas' shortfalls only (a shortfall in one
    /// planning area is never offset by spare places in another).
    public let placesNeeded: Double
}

/// When a build decision is due against the census (origin) year.
public enum DecisionStatus: String, Sendable {
    /// The decision year is after the census year.
    case open
    /// The decision year is the census year: decide this year.
    case dueNow = "due now"
    /// The decision year is before the census year: the places come later than needed (temporary places meanwhile).
    case overdue
}

/// The kind of a build need.
public enum BuildNeedKind: String, Sendable {
    /// Permanent places for the area total (sized to `build_to`).
    case permanent
    /// An extra entry-year class (Reception or Year 7) for one intake, which then moves up the school.
    case bulge
}

/// What the property team must build in one planning area.
public struct BuildNeed: Equatable, Sendable {
    public let areaCode: String
    public let phase: Phase
    public var kind: BuildNeedKind = .permanent
    /// The entry year group of a bulge (nil for permanent places).
    public var yearGroup: YearGroup? = nil
    /// First forecast year with a shortfall (0% surplus); nil when none within the horizon. For a bulge, its
    /// intake year.
    public let firstShortfallYear: AcademicYear?
    /// First forecast year below the build-to margin (the target surplus, or 0%): places are needed from then.
    public var firstNeedYear: AcademicYear? = nil
    /// The year of the largest need to the build-to margin.
    public let peakYear: AcademicYear?
    /// The largest shortfall (planned pupils − capacity) over the horizon, places.
    public let peakShortfall: Double
    /// Places needed at the peak year to reach the build-to margin: planned / (1 − target) − capacity (or the
    /// shortfall with `build_to: zero`); for a bulge, the entry-year shortfall.
    public var placesToMargin: Double = 0
    /// Forms of entry to add (whole, or halves when allowed); for a bulge, classes of 30.
    public let formsOfEntry: Double
    public let placesToBuild: Double
    /// Surplus per cent left at the peak year with the places built (nil without a peak).
    public var surplusPercentAfterBuild: Double? = nil
    /// The latest academic year in which to decide, given the lead time.
    public let decisionYear: AcademicYear?
    public var decisionStatus: DecisionStatus? = nil
    public let costExpansion: Double
    public let costNewSchool: Double
    public let costTemporary: Double

    /// The decision year is before the census year: places are needed sooner than they can be built.
    public var isOverdue: Bool { decisionStatus == .overdue }
}

/// A school's projected roll and what it means for its budget.
public struct DeficitRisk: Equatable, Sendable {
    /// Deficit-risk levels, ordered none < low < medium < high.
    public enum Level: String, Sendable, Comparable {
        case none, low, medium, high
        public static func < (lhs: Self, rhs: Self) -> Bool {
            [Level.none, .low, .medium, .high].firstIndex(of: lhs)! < [Level.none, .low, .medium, .high].firstIndex(
                of: rhs)!
        }
    }

    public let school: School
    public let year: AcademicYear
    public let roll: Double
    public let housingPupils: Double
    public let censusRoll: Double
    public let capacity: Double
    /// Pupils funded in `year`: the R–11 roll `censusLagYears` earlier (sixth form funded separately).
    public var fundedRoll: Double = 0
    /// Pupil-led income in `year` against the year before: marginal rate × (funded roll − the year before's), pounds.
    public let incomeChange: Double
    /// Pupil-led income in `year` against `mediumTermYears` before: rate × (funded roll − that year's), pounds.
    public var incomeChangeMediumTerm: Double = 0
    /// Places removed (negative) or added by PAN changes since the census year.
    public var panChangePlaces: Double = 0
    /// Of the fall in roll since the census, the pupils accounted for by places removed by PAN changes.
    public var rollFallFromPANChange: Double = 0
    /// (capacity − roll) / capacity, 0...1.
    public let unfilledShare: Double
    /// Entry-year pupils per form of entry (`PlanningRules.placesPerFormOfEntry` places).
    public let intakePerFormOfEntry: Double?
    /// The highest level any reason raises (`.none` without reasons).
    public let level: Level
    public let reasons: [DeficitRiskReason]

    public var rollChange: Double { roll - censusRoll }
}

/// Why a school is at deficit risk in a year (the words are the report's: `PlanningReport.text(_:)`).
public enum DeficitRiskReason: Equatable, Sendable {
    /// The unfilled share of capacity, per cent, reached `threshold` (the highest of finance's thresholds reached).
    case unfilled(percent: Double, threshold: Double)
    /// Entry-year pupils per form of entry fell below `minimum`.
    case lowIntake(perFormOfEntry: Double, minimum: Double)
    /// Funded (R–11) pupil-led income fell by `pounds` (`percent` of the income `years` before) with funding
    /// lagging rolls by `censusLagYears`; `years` is 1 for the year on year, the medium-term window otherwise.
    case incomeLoss(pounds: Double, percent: Double, years: Int, censusLagYears: Int)
    /// The roll is above capacity by `pupils` (`percent` of capacity): extra classes cost before funding follows.
    case overCapacity(pupils: Double, percent: Double)
    /// Of a fall of `fall` pupils since the census, `pupils` are places removed by a planned PAN cut (`places`
    /// places): planned, not demographic. Raises no level on its own.
    case panReduction(pupils: Double, fall: Double, places: Double)
}

/// Everything the supply side produces from one forecast.
public struct PlacePlanningResult: Sendable {
    public let surplus: [SurplusRow]
    public let placesNeeded: [PlacesNeededRow]
    public let buildNeeds: [BuildNeed]
    public let deficitRisk: [DeficitRisk]
    /// Each planning area's pupils shared out to its schools (census year, then forecast years), with the demand
    /// no school had room for: what deficit risk and `explain --school` read.
    public let allocations: [String: AreaAllocation]
}
