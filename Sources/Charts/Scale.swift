/// A linear map from data values to drawing coordinates (SVG user units, y growing downwards).
public struct LinearScale: Sendable, Equatable {
    public let domain: ClosedRange<Double>
    public let range: ClosedRange<Double>
    /// True when the range runs backwards (a y axis: larger values drawn higher, so at smaller y).
    public let flipped: Bool

    public init(domain: ClosedRange<Double>, range: ClosedRange<Double>, flipped: Bool = false) {
        // A zero-width domain would divide by zero: widen it by one unit each way.
        self.domain =
            domain.lowerBound == domain.upperBound ? (domain.lowerBound - 1)...(domain.upperBound + 1) : domain
        self.range = range
        self.flipped = flipped
    }

    /// The coordinate of `value` (values outside the domain map outside the range, linearly).
    public func callAsFunction(_ value: Double) -> Double {
        let share = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        let span = range.upperBound - range.lowerBound
        return flipped ? range.upperBound - share * span : range.lowerBound + share * span
    }
}

/// Axis ticks at "nice" steps (1, 2 or 5 × 10ⁿ), as a person would label an axis.
public enum Ticks {
    /// About `count` ticks covering `domain`: the step is the nice number nearest above span / count, the first tick
    /// the largest multiple of the step at or below the lower bound, the last at or above the upper bound.
    /// Example: 17,587 … 19,931 with 5 → step 500: 17,500, 18,000, …, 20,000.
    public static func nice(_ domain: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, count > 0 else { return [domain.lowerBound] }
        let rough = span / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        let mantissa = [1.0, 2, 5, 10].first { $0 * magnitude >= rough } ?? 10
        let step = mantissa * magnitude
        // Ticks as whole multiples, divided (not multiplied) by a power of ten below 1, so 3 × 0.2 is 0.6 exactly.
        let divisor = magnitude < 1 ? (1 / magnitude).rounded() : 1
        let scaled = mantissa * (magnitude < 1 ? 1 : magnitude)
        let first = Int((domain.lowerBound / step).rounded(.down))
        let last = Int((domain.upperBound / step).rounded(.up))
        return (first...last).map { Double($0) * scaled / divisor }
    }
}
