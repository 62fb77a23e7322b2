import TestSupport
import Testing

@testable import PlaceForecast

/// Ratios 0.90, 0.95, 1.00, 0.98 observed in 2016...2019 (denominator 200 each).
private let series = zip(2016...2019, [0.90, 0.95, 1.00, 0.98]).map {
    RatioObservation(year: AcademicYear($0), numerator: $1 * 200, denominator: 200)
}

/// `RatioMethod.blend`: the average of its members' ratio paths, checked against members computed by hand.
///
/// By hand on the series: mean of 3 = (0.95 + 1.00 + 0.98) / 3 = 0.976667; last = 0.98; median of 3 = 0.98;
/// least-squares line through the 4 ratios at t = −3…0: x̄ = −1.5, ȳ = 0.9575, Sxx = 5, Sxy = 0.145, so
/// slope 0.029 and fitted level at t = 0 of 0.9575 + 1.5 × 0.029 = 1.001.
@Suite("Ratio blend, hand-computed")
struct BlendTests {
    @Test("a blend of level methods is the mean of their levels")
    func levels() throws {
        let path = try #require(RatioMethod.blend([.mean(window: 3), .median(window: 3)]).estimate(series))
        #expect(isClose(path.level, (0.976_666_666_666_7 + 0.98) / 2, 1e-12))
        #expect(path.slope == 0)
        #expect(isClose(path.ratio(atStep: 5), 0.978_333_333_333_3, 1e-12))
        let three = try #require(
            RatioMethod.blend([.mean(window: 3), .last, .weighted(weights: [3, 2, 1])])
                .estimate(series))
        // weighted 3:2:1 = (3 × 0.98 + 2 × 1.00 + 0.95) / 6 = 0.981667
        #expect(isClose(three.level, (0.976_666_666_666_7 + 0.98 + 0.981_666_666_666_7) / 3, 1e-12))
    }

    @Test("with a damped trend member the slope is averaged too, step by step")
    func withTrend() throws {
        let blend = RatioMethod.blend([.mean(window: 3), .last, .linearTrend(window: 4, damping: 0.5)])
        let path = try #require(blend.estimate(series))
        #expect(isClose(path.level, (0.976_666_666_666_7 + 0.98 + 1.001) / 3, 1e-9))
        #expect(isClose(path.slope, 0.029 / 3, 1e-9))
        #expect(path.damping == 0.5)
        // Step 1: the trend member is 1.001 + 0.029 × 0.5 = 1.0155; step 2: 1.001 + 0.029 × 0.75 = 1.02275.
        #expect(isClose(path.ratio(atStep: 1), (0.976_666_666_666_7 + 0.98 + 1.0155) / 3, 1e-9))
        #expect(isClose(path.ratio(atStep: 2), (0.976_666_666_666_7 + 0.98 + 1.02275) / 3, 1e-9))
    }

    @Test("one member is that member; unusable observations are skipped; no observations, no path")
    func edges() throws {
        let single = try #require(RatioMethod.blend([.mean(window: 3)]).estimate(series))
        #expect(single == RatioMethod.mean(window: 3).estimate(series))
        let withEmptyYear = series + [RatioObservation(year: AcademicYear(2020), numerator: 0, denominator: 0)]
        #expect(
            RatioMethod.blend([.mean(window: 3), .last]).estimate(withEmptyYear)?.level
                == RatioMethod.blend([.mean(window: 3), .last]).estimate(series)?.level)
        #expect(RatioMethod.blend([.mean(window: 3), .last]).estimate([]) == nil)
    }

    @Test("window is the longest member's; an empty blend or a bad member is invalid")
    func settings() {
        #expect(RatioMethod.blend([.mean(window: 3), .linearTrend(window: 5, damping: 0.8), .last]).window == 5)
        #expect(RatioMethod.blend([.mean(window: 3), .last]).description == "blend of mean of 3 + last")
        #expect(throws: RatioEstimationError.self) { try RatioMethod.blend([]).validate() }
        #expect(throws: RatioEstimationError.self) { try RatioMethod.blend([.last, .mean(window: 0)]).validate() }
    }
}
