import Foundation
import TestSupport
import Testing

@testable import LinearAlgebra

/// Golden values made by statsmodels: see `Golden/make_ols_golden.py` for the command.
private struct GoldenCase: Decodable {
    let design_rows: [[Double]]
    let response: [Double]
    let coefficients: [Double]
    let standard_errors: [Double]
    let residuals: [Double]
    let residual_variance: Double
    let rank: Int
}

private struct GoldenFile: Decodable {
    let noisy: GoldenCase
    let rank_deficient: GoldenCase
}

private func loadGolden() throws -> GoldenFile {
    let url = repositoryRoot.appendingPathComponent("Tests/LinearAlgebraTests/Golden/ols_golden.json")
    return try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url))
}

private func expectClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(abs(a - e) <= tolerance * max(1, abs(e)), "\(a) vs \(e)", sourceLocation: sourceLocation)
    }
}

@Suite("Least squares over LAPACK")
struct LeastSquaresTests {
    @Test("an exact line is recovered with zero residuals")
    func exactLine() throws {
        // y = 2 + 3x at x = 0...4
        let xs: [Double] = [0, 1, 2, 3, 4]
        let design = try Matrix(rows: xs.map { [1, $0] })
        let fit = try leastSquares(design: design, response: xs.map { 2 + 3 * $0 })
        expectClose(fit.coefficients, [2, 3], tolerance: 1e-12)
        #expect(fit.rank == 2)
        #expect(fit.solver == .qr)
        #expect(fit.residuals.allSatisfy { abs($0) < 1e-12 })
        #expect(fit.residualVariance < 1e-24)
        #expect(abs(fit.predict([1, 10]) - 32) < 1e-10)
    }

    @Test("a noisy fit matches statsmodels OLS to 1e-10")
    func noisyFitMatchesStatsmodels() throws {
        let golden = try loadGolden().noisy
        let fit = try leastSquares(design: Matrix(rows: golden.design_rows), response: golden.response)
        #expect(fit.solver == .qr)
        #expect(fit.rank == golden.rank)
        expectClose(fit.coefficients, golden.coefficients, tolerance: 1e-10)
        expectClose(fit.standardErrors, golden.standard_errors, tolerance: 1e-10)
        expectClose(fit.residuals, golden.residuals, tolerance: 1e-10)
        expectClose([fit.residualVariance], [golden.residual_variance], tolerance: 1e-10)
    }

    @Test("a duplicated column gives the minimum-norm solution, its rank, and statsmodels' pinv standard errors")
    func rankDeficientDesign() throws {
        let golden = try loadGolden().rank_deficient
        let fit = try leastSquares(design: Matrix(rows: golden.design_rows), response: golden.response)
        #expect(fit.solver == .svd)
        #expect(fit.rank == 3)
        #expect(golden.rank == 3)
        // Minimum norm: the weight of the duplicated regressor is split evenly between its two copies.
        #expect(abs(fit.coefficients[2] - fit.coefficients[3]) < 1e-10)
        expectClose(fit.coefficients, golden.coefficients, tolerance: 1e-10)
        expectClose(fit.standardErrors, golden.standard_errors, tolerance: 1e-10)
        expectClose([fit.residualVariance], [golden.residual_variance], tolerance: 1e-10)
    }

    @Test("an underdetermined system takes the SVD path and returns the minimum-norm answer")
    func underdetermined() throws {
        // One equation x + y = 2: the minimum-norm solution is (1, 1).
        let fit = try leastSquares(design: Matrix(rows: [[1, 1]]), response: [2])
        #expect(fit.solver == .svd)
        #expect(fit.rank == 1)
        expectClose(fit.coefficients, [1, 1], tolerance: 1e-12)
        #expect(fit.residualVariance.isNaN)  // no residual degrees of freedom
    }

    @Test("bad shapes and values become typed errors")
    func badInputs() throws {
        let design = try Matrix(rows: [[1, 0], [1, 1], [1, 2]])
        #expect(throws: LinearAlgebraError.self) { try leastSquares(design: design, response: [1, 2]) }
        #expect(throws: LinearAlgebraError.nonFiniteValue("response vector")) {
            try leastSquares(design: design, response: [1, .nan, 2])
        }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: [[1, 2], [3]]) }
        #expect(throws: LinearAlgebraError.self) {
            try leastSquares(design: Matrix(rowCount: 0, columnCount: 2), response: [])
        }
    }
}
