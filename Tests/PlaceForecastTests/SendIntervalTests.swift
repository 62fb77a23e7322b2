import Foundation
import Testing

@testable import PlaceForecast

/// A SEND backtest cell at `horizon` whose log error ln(actual / forecast) is `error`.
private func cell(forecast: Double, error: Double, horizon: Int = 1, origin: Int = 2015) -> SendCell {
    SendCell(
        method: "m", areaCode: "A", origin: AcademicYear(origin), horizon: horizon, forecast: forecast,
        actual: forecast * exp(error))
}

@Suite("SEND intervals: σ(f)² = α + β/f on log errors, and the shorter-horizon fallback")
struct SendIntervalTests {
    /// Squared errors lying exactly on 0.01 + 0.04 / f (f = 1, 4, 100), signs alternating: the fit is exact,
    /// every standardised error is ±1, so the 80% half-width is 1 σ.
    private let exactCells = [(1.0, 1.0), (1, -1), (4, 1), (4, -1), (100, 1), (100, -1), (1, 1), (4, -1)].map {
        cell(forecast: $0.0, error: $0.1 * (0.01 + 0.04 / $0.0).squareRoot())
    }

    /// The recalibration factor of each horizon (1.45, 1.95, 2.0, then 2.0).
    private func inflation(_ horizon: Int) -> Double {
        PlanningRules.sendIntervalInflation[min(horizon, PlanningRules.sendIntervalInflation.count) - 1]
    }

    @Test("recalibration factors: 1.45, 1.95, 2.0 (tuned on origins 2014–2016), the last for longer horizons")
    func inflationFactors() {
        #expect(PlanningRules.sendIntervalInflation == [1.45, 1.95, 2.0])
        #expect(inflation(1) == 1.45 && inflation(2) == 1.95 && inflation(7) == 2.0)
    }

    @Test("known log errors give the fitted σ and the 80% bound forecast × exp(±k σ(f))")
    func handComputed() throws {
        let intervals = SendIntervals(cells: exactCells)
        // σ(16)² = 0.01 + 0.04 / 16 = 0.0125; k = 1.45 at 1 year.
        let interval = try #require(intervals.interval(16, horizon: 1, at: .eighty))
        #expect(isClose(interval.lowerBound, 16 * exp(-1.45 * 0.0125.squareRoot())))
        #expect(isClose(interval.upperBound, 16 * exp(1.45 * 0.0125.squareRoot())))
        // Symmetric in log space around the forecast.
        #expect(isClose(interval.lowerBound * interval.upperBound, 16 * 16))
    }

    @Test("a horizon without a fit borrows the shorter horizon's, widened by h / h'")
    func fallback() throws {
        let intervals = SendIntervals(cells: exactCells)
        let three = try #require(intervals.interval(16, horizon: 3, at: .eighty))
        #expect(isClose(three.upperBound, 16 * exp(2.0 * 3 * 0.0125.squareRoot())))
        // Horizon 2 fitted on errors twice as large (σ² four times): horizon 3 widens it by 3 / 2.
        let withTwo = SendIntervals(
            cells: exactCells
                + exactCells.map {
                    cell(forecast: $0.forecast, error: 2 * log($0.actual / $0.forecast), horizon: 2)
                })
        let widened = try #require(withTwo.interval(16, horizon: 3, at: .eighty))
        #expect(isClose(widened.upperBound, 16 * exp(2.0 * 1.5 * 2 * 0.0125.squareRoot())))
        // Fewer than the minimum of errors: no interval at all.
        #expect(
            SendIntervals(cells: Array(exactCells.prefix(PlanningRules.sendIntervalMinimumSamples - 1)))
                .interval(16, horizon: 1, at: .eighty) == nil)
    }

    @Test("calibration at an origin uses only errors whose target is known then")
    func knownAtOrigin() {
        // All targets are 2016 (origin 2015, horizon 1): unknown at 2015, known at 2016.
        let at2015 = SendIntervals(cells: exactCells, knownAt: AcademicYear(2015))
        let at2016 = SendIntervals(cells: exactCells, knownAt: AcademicYear(2016))
        #expect(at2015.interval(16, horizon: 1, at: .eighty) == nil)
        #expect(at2016.interval(16, horizon: 1, at: .eighty) != nil)
    }

    @Test("the shared fallback takes the nearest shorter horizon and the widening h / h'")
    func sharedFallback() throws {
        let found = try #require(IntervalModel.nearestShorter(horizon: 5) { $0 == 2 ? "two" : nil })
        #expect(found.value == "two" && isClose(found.widening, 2.5))
        #expect(IntervalModel.nearestShorter(horizon: 1) { $0 == 2 ? "two" : nil } == nil)
    }
}
