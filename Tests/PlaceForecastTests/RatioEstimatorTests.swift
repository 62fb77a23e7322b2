import TestSupport
import Testing

@testable import PlaceForecast

/// Ratios 0.90, 0.95, 1.00, 0.98 observed in 2016...2019 (denominator 200 each).
private let series = zip(2016...2019, [0.90, 0.95, 1.00, 0.98]).map {
    RatioObservation(year: AcademicYear($0), numerator: $1 * 200, denominator: 200)
}

private func level(_ method: RatioMethod) -> Double? { method.estimate(series)?.ratio(atStep: 1) }

@Suite("Ratio estimators, hand-computed")
struct RatioEstimatorTests {
    @Test func meanOfLastN() {
        #expect(isClose(level(.mean(window: 3)), (0.95 + 1.00 + 0.98) / 3))
        #expect(isClose(level(.mean(window: 10)), (0.90 + 0.95 + 1.00 + 0.98) / 4))  // short history: all of it
    }

    @Test("weighted 3:2:1 puts 3 on the latest ratio")
    func weighted() {
        #expect(isClose(level(.weighted(weights: [3, 2, 1])), (3 * 0.98 + 2 * 1.00 + 1 * 0.95) / 6))
        #expect(isClose(level(.weighted(weights: [1, 0, 0, 1])), (0.98 + 0.90) / 2))
    }

    @Test func median() {
        #expect(isClose(level(.median(window: 3)), 0.98))
        #expect(isClose(level(.median(window: 4)), (0.95 + 0.98) / 2))
    }

    @Test func geometricMeanAndLast() {
        #expect(isClose(level(.geometricMean(window: 2)), (1.00 * 0.98).squareRoot()))
        #expect(isClose(level(.last), 0.98))
    }

    @Test("exponential smoothing starts at the first ratio")
    func exponentialSmoothing() {
        // 0.90 → 0.925 → 0.9625 → 0.97125 with α = 0.5
        #expect(isClose(level(.exponentialSmoothing(alpha: 0.5)), 0.97125))
        #expect(isClose(level(.exponentialSmoothing(alpha: 1)), 0.98))
    }

    @Test("damped linear trend: fitted level 0.991667, slope 0.015 on the last three ratios")
    func dampedTrend() throws {
        let undamped = try #require(RatioMethod.linearTrend(window: 3, damping: 1).estimate(series))
        #expect(isClose(undamped.level, 0.9916666666666667))
        #expect(isClose(undamped.slope, 0.015))
        #expect(isClose(undamped.ratio(atStep: 2), 0.9916666666666667 + 0.03))
        let damped = try #require(RatioMethod.linearTrend(window: 3, damping: 0.5).estimate(series))
        #expect(isClose(damped.ratio(atStep: 1), 0.9916666666666667 + 0.015 * 0.5))
        #expect(isClose(damped.ratio(atStep: 2), 0.9916666666666667 + 0.015 * 0.75))
        let flat = try #require(RatioMethod.linearTrend(window: 3, damping: 0).estimate(series))
        #expect(isClose(flat.ratio(atStep: 5), 0.9916666666666667))
    }

    @Test("shrinkage weights the area's own ratio by n / (n + k)")
    func shrinkage() throws {
        let pooled = RatioPath(level: 0.90)
        let estimator = RatioEstimator(.mean(window: 3), shrinkageStrength: 100)
        let estimate = try #require(estimator.estimate(own: series, pooled: pooled))
        let own = (0.95 + 1.00 + 0.98) / 3
        #expect(isClose(estimate.ownWeight, 200.0 / 300))
        #expect(isClose(estimate.path.level, 2.0 / 3 * own + 1.0 / 3 * 0.90))
    }

    @Test("zero denominators are skipped; an area with no usable ratio falls back to the pooled one")
    func unusableObservations() throws {
        let empty = [RatioObservation(year: AcademicYear(2019), numerator: 0, denominator: 0)]
        #expect(RatioMethod.mean(window: 3).estimate(empty) == nil)
        let estimate = try #require(
            RatioEstimator(.mean(window: 3)).estimate(own: empty, pooled: RatioPath(level: 0.97)))
        #expect(estimate.own == nil)
        #expect(estimate.path.level == 0.97)
        #expect(RatioEstimator(.last).estimate(own: empty, pooled: nil) == nil)
    }

    @Test("invalid settings are rejected")
    func validation() {
        #expect(throws: RatioEstimationError.self) { try RatioMethod.mean(window: 0).validate() }
        #expect(throws: RatioEstimationError.self) { try RatioMethod.weighted(weights: [0, 0]).validate() }
        #expect(throws: RatioEstimationError.self) { try RatioMethod.exponentialSmoothing(alpha: 1.5).validate() }
        #expect(throws: RatioEstimationError.self) { try RatioMethod.linearTrend(window: 3, damping: 2).validate() }
    }
}
