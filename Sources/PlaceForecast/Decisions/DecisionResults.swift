import Foundation

/// Surplus status against the target and the upper band.
public enum SurplusStatus: String, Sendable {
    case shortfall
    case belowTarget = "below target"
    case withinBand = "within band"
    case excess

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

    public var surplusPlaces: Double { capacity - pupils }
    /// (capacity − pupils) / capacity, per cent; nil when there is no capacity.
    public var surplusPercent: Double? { capacity > 0 ? 100 * surplusPlaces / capacity : nil }
    public var status: SurplusStatus {
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

/// What the property team must build in one planning area.
public struct BuildNeed: Equatable, Sendable {
    public let areaCode: String
    public let phase: Phase
    /// First forecast year with a shortfall; nil when none within the horizon.
    public let firstShortfallYear: AcademicYear?
    public let peakYear: AcademicYear?
    public let peakShortfall: Double
    /// Forms of entry to add (whole, or halves when allowed).
    public let formsOfEntry: Double
    public let placesToBuild: Double
    /// The latest academic year in which to decide, given the lead time.
    public let decisionYear: AcademicYear?
    /// The decision year is the census year or earlier: places are needed sooner than they can be built
    /// (temporary places or bulge classes meanwhile).
    public let isOverdue: Bool
    public let costExpansion: Double
    public let costNewSchool: Double
    public let costTemporary: Double
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
    /// Pupil-led income in `year` against the census year: rate × (roll in year − lag − census roll), pounds.
    public let incomeChange: Double
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
    /// Pupil-led income fell by `pounds` (`percent` of the census year's) with funding lagging rolls by
    /// `censusLagYears`.
    case incomeLoss(pounds: Double, percent: Double, censusLagYears: Int)
}

/// Everything the supply side produces from one forecast.
public struct PlacePlanningResult: Sendable {
    public let surplus: [SurplusRow]
    public let placesNeeded: [PlacesNeededRow]
    public let buildNeeds: [BuildNeed]
    public let deficitRisk: [DeficitRisk]
}
