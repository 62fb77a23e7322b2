/// Whole numbers for people to read, rounded so that parts add up to their rounded total.
public enum WholeNumbers {
    /// `values` rounded to whole numbers whose sum equals the sum of `values` rounded (largest-remainder method,
    /// as election seats are shared out): each value is rounded down, then the values with the largest fractions
    /// get one more until the total is reached. Ties go to the earlier value. Negative values are allowed.
    ///
    /// Example: 33.4, 33.3, 33.3 (total 100) → 34, 33, 33 — plain rounding would give 33 + 33 + 33 = 99.
    public static func keepingTotal(_ values: [Double]) -> [Int] {
        let total = Int(values.reduce(0, +).rounded())
        var parts = values.map { Int($0.rounded(.down)) }
        let missing = total - parts.reduce(0, +)
        let order = values.indices.sorted {
            let (a, b) = (values[$0] - values[$0].rounded(.down), values[$1] - values[$1].rounded(.down))
            return a != b ? a > b : $0 < $1
        }
        if missing > 0 {
            for index in order.prefix(missing) { parts[index] += 1 }
        } else if missing < 0 {
            for index in order.reversed().prefix(-missing) { parts[index] -= 1 }
        }
        return parts
    }
}
