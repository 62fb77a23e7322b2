import Dispatch
import Foundation

/// Small order statistics used by the backtest and the intervals.
public enum Statistics {
    /// The median (mean of the two middle values for an even count); NaN for no values.
    public static func median(_ values: [Double]) -> Double { quantile(values, 0.5) }

    /// The `p` quantile by linear interpolation between order statistics (R's type 7, numpy's default).
    public static func quantile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
