import Foundation

/// A planning area: a group of schools serving one locality, for one phase.
public struct PlanningArea: Hashable, Sendable {
    public let code: String
    public let name: String
    /// `.primary` (pupils R–6) or `.secondary` (pupils 7–13, sixth forms included).
    public let phase: Phase
    /// The local authority the area belongs to (its code names the LA-total rows).
    public let laCode: String

    public init(code: String, name: String, phase: Phase, laCode: String) {
        self.code = code
        self.name = name
        self.phase = phase
        self.laCode = laCode
    }

    /// Year groups whose pupils fill this area's places.
    public var yearGroups: [YearGroup] {
        phase == .primary
            ? PlanningRules.primaryYearGroups : PlanningRules.secondaryYearGroups + PlanningRules.sixthFormYearGroups
    }
}
