import CLapacke

/// The result of an ordinary least-squares fit `response ≈ design × coefficients`.
public struct LeastSquaresFit: Equatable, Sendable {
    /// Which LAPACK driver produced the coefficients.
    public enum Solver: String, Sendable {
        /// Householder QR (`dgels`): used when the design has full column rank and is well conditioned.
        case qr = "dgels"
        /// Divide-and-conquer SVD (`dgelsd`): used for rank-deficient or ill-conditioned designs;
        /// gives the minimum-norm solution.
        case svd = "dgelsd"
    }

    /// One coefficient per design column.
    public let coefficients: [Double]
    /// `response − design × coefficients`, one per observation.
    public let residuals: [Double]
    /// Numerical rank of the design (singular values above `tolerance × largest`).
    public let rank: Int
    /// Residual sum of squares divided by `observations − rank`; NaN when there are no residual degrees of freedom.
    public let residualVariance: Double
    /// Standard error of each coefficient: the square root of the diagonal of
    /// `residualVariance × (XᵀX)⁺` (the pseudo-inverse when the design is rank-deficient, as statsmodels does).
    public let standardErrors: [Double]
    /// The LAPACK driver used.
    public let solver: Solver

    /// Residual degrees of freedom: observations − rank.
    public var residualDegreesOfFreedom: Int { residuals.count - rank }

    /// The fitted value for one new row of regressors.
    public func predict(_ regressors: [Double]) -> Double {
        precondition(regressors.count == coefficients.count, "one regressor per coefficient")
        return zip(regressors, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// Ordinary least squares through LAPACK.
///
/// Full-rank, well-conditioned problems (more rows than columns, and a reciprocal condition estimate of the
/// triangular QR factor above `tolerance`) are solved by `dgels`; any other design is solved by `dgelsd`,
/// which returns the minimum-norm solution and the numerical rank.
///
/// - Parameters:
///   - design: the `n × p` design matrix (include a column of ones for an intercept).
///   - response: the `n` observations.
///   - tolerance: relative cut-off for singular values; defaults to `ε × max(n, p)` as numpy's `lstsq` does.
/// - Throws: ``LinearAlgebraError`` for mismatched shapes, NaN/infinite entries, or LAPACK `info != 0`.
public func leastSquares(
    design: Matrix, response: [Double], tolerance: Double? = nil
) throws(LinearAlgebraError) -> LeastSquaresFit {
    let n = design.rowCount
    let p = design.columnCount
    guard n > 0, p > 0 else {
        throw .shapeMismatch("design is \(n) × \(p); it needs at least one row and one column")
    }
    guard response.count == n else {
        throw .shapeMismatch("design has \(n) rows but the response has \(response.count) values")
    }
    guard design.storage.allSatisfy(\.isFinite) else { throw .nonFiniteValue("design matrix") }
    guard response.allSatisfy(\.isFinite) else { throw .nonFiniteValue("response vector") }
    let cutoff = tolerance ?? Double.ulpOfOne * Double(max(n, p))

    let solution: (coefficients: [Double], rank: Int, inverseGramDiagonal: [Double], solver: LeastSquaresFit.Solver)
    if n >= p, let qr = try solveByQR(design, response, cutoff: cutoff) {
        solution = (qr.coefficients, p, qr.inverseGramDiagonal, .qr)
    } else {
        let svd = try solveBySVD(design, response, cutoff: cutoff)
        solution = (svd.coefficients, svd.rank, svd.inverseGramDiagonal, .svd)
    }

    let fitted = design.multiplied(by: solution.coefficients)
    let residuals = zip(response, fitted).map { $0 - $1 }
    let degreesOfFreedom = n - solution.rank
    let variance =
        degreesOfFreedom > 0
        ? residuals.reduce(0) { $0 + $1 * $1 } / Double(degreesOfFreedom)
        : Double.nan
    return LeastSquaresFit(
        coefficients: solution.coefficients,
        residuals: residuals,
        rank: solution.rank,
        residualVariance: variance,
        standardErrors: solution.inverseGramDiagonal.map { ($0 * variance).squareRoot() },
        solver: solution.solver
    )
}

// MARK: - LAPACK drivers (the only unsafe pointers in the project)

private let columnMajor = Int32(LAPACK_COL_MAJOR)

private func lapackChar(_ scalar: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: scalar)) }

/// `dgels` followed by `dtrcon` on the R factor. Returns nil when R is singular or its reciprocal condition
/// number is below `cutoff`, so that the caller falls back to the SVD.
private func solveByQR(
    _ design: Matrix, _ response: [Double], cutoff: Double
) throws(LinearAlgebraError) -> (coefficients: [Double], inverseGramDiagonal: [Double])? {
    let n = design.rowCount
    let p = design.columnCount
    var factor = design.storage
    var rhs = response
    let info = factor.withUnsafeMutableBufferPointer { a in
        rhs.withUnsafeMutableBufferPointer { b in
            LAPACKE_dgels(
                columnMajor, lapackChar("N"), Int32(n), Int32(p), 1,
                a.baseAddress, Int32(n), b.baseAddress, Int32(n))
        }
    }
    if info > 0 { return nil }  // exactly singular triangular factor: rank-deficient
    guard info == 0 else { throw .lapackFailure(routine: "dgels", info: info) }

    // R is the upper p × p triangle of `factor` (leading dimension n). Copy it out, estimate its condition.
    var upper = Array(repeating: 0.0, count: p * p)
    for j in 0..<p { for i in 0...j { upper[i + j * p] = factor[i + j * n] } }
    var reciprocalCondition = 0.0
    let conditionInfo = upper.withUnsafeMutableBufferPointer { r in
        LAPACKE_dtrcon(
            columnMajor, lapackChar("1"), lapackChar("U"), lapackChar("N"),
            Int32(p), r.baseAddress, Int32(p), &reciprocalCondition)
    }
    guard conditionInfo == 0 else { throw .lapackFailure(routine: "dtrcon", info: conditionInfo) }
    if reciprocalCondition < cutoff { return nil }

    // (XᵀX)⁻¹ = R⁻¹R⁻ᵀ, so its diagonal is the squared row norms of R⁻¹.
    let inverseInfo = upper.withUnsafeMutableBufferPointer { r in
        LAPACKE_dtrtri(columnMajor, lapackChar("U"), lapackChar("N"), Int32(p), r.baseAddress, Int32(p))
    }
    guard inverseInfo == 0 else { throw .lapackFailure(routine: "dtrtri", info: inverseInfo) }
    let diagonal = (0..<p).map { i in (i..<p).reduce(0.0) { $0 + upper[i + $1 * p] * upper[i + $1 * p] } }
    return (Array(rhs.prefix(p)), diagonal)
}

/// `dgelsd` for the minimum-norm coefficients and the rank, and `dgesvd` for the right singular vectors
/// that give the diagonal of the pseudo-inverse `(XᵀX)⁺ = V Σ⁻² Vᵀ`.
private func solveBySVD(
    _ design: Matrix, _ response: [Double], cutoff: Double
) throws(LinearAlgebraError) -> (coefficients: [Double], rank: Int, inverseGramDiagonal: [Double]) {
    let n = design.rowCount
    let p = design.columnCount
    let leading = max(n, p)
    var factor = design.storage
    var rhs = response + Array(repeating: 0.0, count: leading - n)
    var singularValues = Array(repeating: 0.0, count: min(n, p))
    var rank: Int32 = 0
    let info = factor.withUnsafeMutableBufferPointer { a in
        rhs.withUnsafeMutableBufferPointer { b in
            singularValues.withUnsafeMutableBufferPointer { s in
                LAPACKE_dgelsd(
                    columnMajor, Int32(n), Int32(p), 1, a.baseAddress, Int32(n),
                    b.baseAddress, Int32(leading), s.baseAddress, cutoff, &rank)
            }
        }
    }
    guard info == 0 else { throw .lapackFailure(routine: "dgelsd", info: info) }

    var copy = design.storage
    var values = Array(repeating: 0.0, count: min(n, p))
    var rightVectorsT = Array(repeating: 0.0, count: p * p)
    var unused = Array(repeating: 0.0, count: 1)
    var superDiagonal = Array(repeating: 0.0, count: max(min(n, p) - 1, 1))
    let svdInfo = copy.withUnsafeMutableBufferPointer { a in
        values.withUnsafeMutableBufferPointer { s in
            rightVectorsT.withUnsafeMutableBufferPointer { vt in
                unused.withUnsafeMutableBufferPointer { u in
                    superDiagonal.withUnsafeMutableBufferPointer { work in
                        LAPACKE_dgesvd(
                            columnMajor, lapackChar("N"), lapackChar("A"), Int32(n), Int32(p),
                            a.baseAddress, Int32(n), s.baseAddress, u.baseAddress, 1,
                            vt.baseAddress, Int32(p), work.baseAddress)
                    }
                }
            }
        }
    }
    guard svdInfo == 0 else { throw .lapackFailure(routine: "dgesvd", info: svdInfo) }
    // Row k of Vᵀ is the k-th right singular vector; only the first `rank` ones enter the pseudo-inverse.
    let kept = Int(rank)
    let diagonal = (0..<p).map { j in
        (0..<kept).reduce(0.0) { sum, k in
            let v = rightVectorsT[k + j * p]
            return sum + v * v / (values[k] * values[k])
        }
    }
    return (Array(rhs.prefix(p)), kept, diagonal)
}
