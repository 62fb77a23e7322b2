import Dispatch
import Foundation

/// The rolling-origin runner shared by the pupil and SEND backtests: every method from every origin, each
/// origin × method run concurrently, the results kept in input order (origins outer, methods inner).
public enum RollingOrigin {
    /// The furthest horizon observable from `origin`: the largest asked for, cut at the last observed year.
    public static func reach(
        from origin: AcademicYear, horizons: ClosedRange<Int>,
        lastObserved: AcademicYear
    ) -> Int {
        min(horizons.upperBound, origin.distance(to: lastObserved))
    }

    /// Runs `evaluate(origin, method, reach)` for every origin × method whose reach includes the first horizon
    /// asked for, concurrently, and concatenates the cells in input order. The first failure (in input order)
    /// is thrown.
    public static func run<Method: Sendable, Cell: Sendable, Failure: Error>(
        methods: [Method], origins: [AcademicYear], horizons: ClosedRange<Int>, lastObserved: AcademicYear,
        evaluate: @Sendable (AcademicYear, Method, Int) throws(Failure) -> [Cell]
    ) throws(Failure) -> [Cell] {
        let jobs = origins.flatMap { origin in methods.map { (origin, $0) } }.filter { origin, _ in
            reach(from: origin, horizons: horizons, lastObserved: lastObserved) >= horizons.lowerBound
        }
        var results = Parallel.map(jobs.count) { index in
            let (origin, method) = jobs[index]
            let reach = reach(from: origin, horizons: horizons, lastObserved: lastObserved)
            return Result { () throws(Failure) -> [Cell] in try evaluate(origin, method, reach) }
        }
        var cells: [Cell] = []
        // Each job's cells are let go once copied, so the run never holds them twice (14 million at 20,000 areas).
        for index in results.indices {
            cells += try results[index].get()
            results[index] = .success([])
        }
        return cells
    }
}
