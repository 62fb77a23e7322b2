/// One transition whose ratio the forecaster estimates.
public enum Transition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Births four years earlier → Reception.
    case intake
    /// Cohort survival from `from` to the next year group within the same area (includes 6→7 at LA level).
    case survival(from: YearGroup)
    /// Year 6 of the feeder primary areas (weighted by transfer shares) → Year 7 of a secondary area.
    case feederTransfer

    /// Short label used in files: "births->R", "R->1", "6->7", "feeders->7".
    public var label: String {
        switch self {
        case .intake: return "births->R"
        case .survival(let from): return "\(from.label)->\(from.next?.label ?? "?")"
        case .feederTransfer: return "feeders->7"
        }
    }

    /// The year group this transition produces.
    public var target: YearGroup {
        switch self {
        case .intake: return .reception
        case .survival(let from): return from.next ?? .year14
        case .feederTransfer: return PlanningRules.entryYearGroup(of: .secondary)
        }
    }

    public var description: String { label }

    private var order: Int {
        switch self {
        case .intake: return -1
        case .survival(let from): return from.index
        case .feederTransfer: return 6
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.order != rhs.order ? lhs.order < rhs.order : lhs.label < rhs.label
    }
}

/// One projected number: pupils in an area, academic year and year group.
public struct ForecastRow: Equatable, Sendable {
    public let area: Area
    public let year: AcademicYear
    public let yearGroup: YearGroup
    /// Point forecast of pupils on roll (January census); fractional. Includes `housingPupils`.
    public var pupils: Double
    /// How the trend number was made, e.g. "3->4: mean of 3".
    public let method: String
    /// Pupils from new housing added on top of the trend (0 without housing input).
    public var housingPupils: Double = 0
    /// Central 80% and 95% prediction intervals (nil until calibrated; see ``IntervalModel``).
    public var interval80: ClosedRange<Double>? = nil
    public var interval95: ClosedRange<Double>? = nil

    /// On a known cell (a known intake given in place of the projection): the projection it replaced, in pupils,
    /// before housing; nil on a projected cell.
    public var replacedProjection: Double? = nil
    /// The known cell this row's cohort rolled on from in the same area (the known cell itself included); nil when
    /// the cohort rolls on from the census or a projected intake. A cohort moving to another area (Year 6 of
    /// feeder primary areas to a secondary area's Year 7) does not carry it.
    public var knownEntry: PupilOverride? = nil

    /// The `method` of a known cell.
    public static let knownIntakeMethod = "known intake"

    /// Pupils from the trend of the history alone (on a known cell: the known total).
    public var trendPupils: Double { pupils - housingPupils }
    /// Whether the number is a known intake rather than a projection.
    public var isKnownIntake: Bool { replacedProjection != nil }
}

/// The ratio one area uses for one transition, with the history it was estimated from.
public struct FittedRatio: Equatable, Sendable {
    public let area: Area
    public let transition: Transition
    /// The observations available at the origin (oldest first), including any the method's window left out.
    public let observations: [RatioObservation]
    public let estimate: RatioEstimate
    /// A readable name of the estimator (or regression) used.
    public let method: String
}

/// An area the forecaster did not project, and why.
public struct SkippedArea: Equatable, Sendable {
    public let area: Area
    public let reason: String

    public init(area: Area, reason: String) {
        self.area = area
        self.reason = reason
    }
}

/// The result of a forecast run.
public struct Forecast: Sendable {
    public let modelName: String
    /// The last academic year of observed data used.
    public let origin: AcademicYear
    public let horizon: Int
    /// Sorted by area code, year, year group.
    public let rows: [ForecastRow]
    /// Sorted by area code, transition.
    public let ratios: [FittedRatio]
    public let skipped: [SkippedArea]
    /// Assumptions the run had to make (e.g. births held constant past the last known year).
    public let notes: [String]

    /// The rows given as known intakes (see ``ForecastRow/replacedProjection``).
    public var knownIntakeRows: [ForecastRow] { rows.filter(\.isKnownIntake) }

    /// The forecast years, origin+1 ... origin+horizon.
    public var years: ClosedRange<AcademicYear> { origin.advanced(by: 1)...origin.advanced(by: horizon) }
}

/// Why a forecast could not be made. Each case names the area (and year) and what is missing; the input files
/// to change are named by the I/O layer (`ForecastError.message` in PlaceIO).
public enum ForecastError: Error, Equatable, Sendable, CustomStringConvertible {
    case noPupils
    case invalidModel(String)
    case missingBirths(area: String)
    case missingFeeders(area: String)
    case missingYearGroup(area: String, year: AcademicYear, group: YearGroup)
    case noHistory(area: String, transition: String)
    case missingHousing
    case regressionFailed(String)

    public var description: String {
        switch self {
        case .noPupils:
            return "the pupils input has no rows to forecast from"
        case .invalidModel(let message):
            return "model configuration: \(message)"
        case .missingBirths(let area):
            return "area \(area) has Reception pupils but no births"
        case .missingFeeders(let area):
            return "area \(area) has Year 7 pupils but no Year 6 of its own"
        case .missingYearGroup(let area, let year, let group):
            return "area \(area) has \(group) pupils in \(year) but no \(group.previous!) to roll them forward "
                + "from: give every year group from Reception (or Year 7) upward"
        case .noHistory(let area, let transition):
            return "area \(area) has no usable history for \(transition) (two consecutive years with pupils are "
                + "needed) and no other area to pool from"
        case .missingHousing:
            return "the model regresses intake on housing, but no housing input was given"
        case .regressionFailed(let message):
            return "intake regression failed: \(message)"
        }
    }
}
