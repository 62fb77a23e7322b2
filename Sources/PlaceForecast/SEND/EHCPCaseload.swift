import Foundation
import LinearAlgebra

/// An EHCP age band as DfE's SEN2 collection reports it (January count).
public enum AgeBand: String, CaseIterable, Sendable, Comparable {
    case under5 = "Under 5"
    case age5to10 = "Age 5 to 10"
    case age11to15 = "Age 11 to 15"
    case age16to19 = "Age 16 to 19"
    case
        age20to25 = "Age 20 to 25"

    /// The phase whose specialist places the band needs.
    public var phase: SendPhase {
        switch self {
        case .under5, .age5to10: return .primary
        case .age11to15: return .secondary
        case .age16to19, .age20to25: return .postSixteen
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Phases of specialist provision.
public enum SendPhase: String, CaseIterable, Sendable {
    case primary, secondary
    case postSixteen = "post_16"

    /// Mainstream year groups whose pupils apportion this phase's demand to planning areas.
    var apportioningGroups: [YearGroup] {
        switch self {
        case .primary: return (0...6).map { YearGroup(index: $0)! }
        case .secondary, .postSixteen: return (7...11).map { YearGroup(index: $0)! }
        }
    }
}

/// EHC plans maintained by each LA, by year (January count inside the academic year) and age band, with the
/// new plans made each year when known.
public struct EHCPCaseload: Sendable {
    /// `bands[area][year][band]`.
    public let bands: [String: [AcademicYear: [AgeBand: Double]]]
    /// `totals[area][year]` (the file's Total rows).
    public let totals: [String: [AcademicYear: Double]]
    /// `newPlans[area][year]`: plans made between the counts of `year` and `year + 1` (Total), when given.
    public let newPlans: [String: [AcademicYear: Double]]

    public init(
        bands: [String: [AcademicYear: [AgeBand: Double]]], totals: [String: [AcademicYear: Double]],
        newPlans: [String: [AcademicYear: Double]] = [:]
    ) {
        self.bands = bands
        self.totals = totals
        self.newPlans = newPlans
    }

    /// The caseload known at `origin`: later counts, and new plans made after the origin's count, removed.
    public func asKnown(at origin: AcademicYear) -> EHCPCaseload {
        EHCPCaseload(
            bands: bands.mapValues { $0.filter { $0.key <= origin } },
            totals: totals.mapValues { $0.filter { $0.key <= origin } },
            newPlans: newPlans.mapValues { $0.filter { $0.key < origin } })
    }

    public func lastYear(of area: String) -> AcademicYear? { totals[area]?.keys.max() }
}
