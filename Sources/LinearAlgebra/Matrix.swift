/// A dense matrix of `Double`, stored column-major as LAPACK expects.
///
/// `self[i, j]` is row `i`, column `j` (both zero-based). Build one from rows with
/// ``init(rows:)`` or from columns with ``init(columns:)``.
public struct Matrix: Equatable, Sendable {
    /// Number of rows (observations in a regression design).
    public let rowCount: Int
    /// Number of columns (regressors in a regression design).
    public let columnCount: Int
    /// Entries in column-major order: element (i, j) is at `i + j * rowCount`.
    public private(set) var storage: [Double]

    /// A matrix of the given shape filled with `value`.
    public init(rowCount: Int, columnCount: Int, repeating value: Double = 0) {
        precondition(rowCount >= 0 && columnCount >= 0, "matrix dimensions must be non-negative")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.storage = Array(repeating: value, count: rowCount * columnCount)
    }

    /// A matrix whose rows are `rows`; every row must have the same length.
    public init(rows: [[Double]]) throws(LinearAlgebraError) {
        let columnCount = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == columnCount }) else {
            throw .shapeMismatch("rows of a matrix must all have \(columnCount) entries")
        }
        self.init(rowCount: rows.count, columnCount: columnCount)
        for (i, row) in rows.enumerated() {
            for (j, value) in row.enumerated() { self[i, j] = value }
        }
    }

    /// A matrix whose columns are `columns`; every column must have the same length.
    public init(columns: [[Double]]) throws(LinearAlgebraError) {
        let rowCount = columns.first?.count ?? 0
        guard columns.allSatisfy({ $0.count == rowCount }) else {
            throw .shapeMismatch("columns of a matrix must all have \(rowCount) entries")
        }
        self.rowCount = rowCount
        self.columnCount = columns.count
        self.storage = columns.flatMap { $0 }
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rowCount] }
        set { storage[row + column * rowCount] = newValue }
    }

    /// The matrix-vector product `self × vector`.
    public func multiplied(by vector: [Double]) -> [Double] {
        precondition(vector.count == columnCount, "vector length must equal the column count")
        var result = Array(repeating: 0.0, count: rowCount)
        for j in 0..<columnCount where vector[j] != 0 {
            let base = j * rowCount
            for i in 0..<rowCount { result[i] += storage[base + i] * vector[j] }
        }
        return result
    }
}

/// Errors from the linear-algebra module: bad shapes, bad values, or a LAPACK failure.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Dimensions that do not fit together (the message says which).
    case shapeMismatch(String)
    /// A design or response entry is NaN or infinite.
    case nonFiniteValue(String)
    /// LAPACK returned `info != 0`; negative means argument `-info` was illegal.
    case lapackFailure(routine: String, info: Int32)

    public var description: String {
        switch self {
        case .shapeMismatch(let message): return "shape mismatch: \(message)"
        case .nonFiniteValue(let message): return "non-finite value: \(message)"
        case .lapackFailure(let routine, let info):
            if info < 0 { return "LAPACK \(routine): argument \(-info) had an illegal value" }
            return "LAPACK \(routine) failed to converge or hit a singular factor (info = \(info))"
        }
    }
}
