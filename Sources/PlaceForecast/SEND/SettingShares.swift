import Dispatch
import Foundation

/// How plans split between settings: mainstream, resourced provision (SEN unit), maintained special school,
/// independent or out-of-area special school. Shares sum to 1.
public struct SettingShares: Equatable, Sendable {
    public var mainstream: Double
    public var resourced: Double
    public var special: Double
    public var independent: Double

    public init(mainstream: Double, resourced: Double, special: Double, independent: Double) {
        self.mainstream = mainstream
        self.resourced = resourced
        self.special = special
        self.independent = independent
    }

    /// Illustrative defaults close to England's pattern (about half of pupils with plans in mainstream schools,
    /// four in ten in special schools, the rest independent); replace with the LA's own send_settings.csv.
    public static let standard = SettingShares(mainstream: 0.45, resourced: 0.05, special: 0.40, independent: 0.10)

    /// Specialist places: everything but mainstream.
    public var specialist: Double { resourced + special + independent }
}
