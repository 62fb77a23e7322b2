import TestSupport
import Testing

@testable import PlaceForecast

private func survival(_ from: Int) -> Transition { .survival(from: YearGroup(index: from)!) }

private func estimate(_ level: Double, slope: Double = 0, damping: Double = 1) -> RatioEstimate {
    let path = RatioPath(level: level, slope: slope, damping: damping)
    return RatioEstimate(path: path, own: path, pooled: nil, ownWeight: 1)
}

/// Observations ending with `latest` in `year` (an earlier ratio of 1.0 before it).
private func observations(latest: Double, year: Int = 2019, denominator: Double = 200) -> [RatioObservation] {
    [
        RatioObservation(year: AcademicYear(year - 1), numerator: 200, denominator: 200),
        RatioObservation(year: AcademicYear(year), numerator: latest * denominator, denominator: denominator),
    ]
}

/// `RatioEstimation.periodAdjusted`: every compulsory survival ratio (R→1 … 10→11) moves by weight × the mean,
/// over those transitions whose latest observation is in the latest year, of latest ratio − next year's estimate.
/// Intake, feeder transfer and sixth-form ratios are left alone (the doc comment: compulsory-school survival).
@Suite("Period adjustment of survival ratios, hand-computed")
struct PeriodAdjustmentTests {
    /// Estimates 0.98 + 0.001·g for g→g+1 (g = 0…12), a transfer ratio 1.05 and an intake ratio 0.97.
    private let estimates: [Transition: RatioEstimate] = {
        var all = Dictionary(
            uniqueKeysWithValues: (0...12).map {
                (survival($0), estimate(0.98 + 0.001 * Double($0)))
            })
        all[.feederTransfer] = estimate(1.05)
        all[.intake] = estimate(0.97)
        return all
    }()

    @Test("every latest ratio 0.02 above its estimate, weight 0.75: each compulsory ratio rises by 0.015")
    func commonDeviation() throws {
        var observed: [Transition: [RatioObservation]] = [:]
        for (transition, estimate) in estimates {
            observed[transition] = observations(latest: estimate.path.level + 0.02)
        }
        let adjusted = RatioEstimation.periodAdjusted(estimates, observed, weight: 0.75)
        for g in 0...10 {
            let moved = try #require(adjusted[survival(g)])
            #expect(isClose(moved.path.level, 0.98 + 0.001 * Double(g) + 0.015, 1e-12), "\(g)")
            #expect(isClose(moved.periodShift, 0.015, 1e-12))
        }
        // Not compulsory survival: unchanged, even though their latest ratios deviate too.
        for transition in [survival(11), survival(12), .feederTransfer, .intake] {
            #expect(adjusted[transition] == estimates[transition], "\(transition)")
        }
    }

    @Test("weight 0 changes nothing; so does a history whose latest ratios equal their estimates")
    func noAdjustment() {
        var observed: [Transition: [RatioObservation]] = [:]
        for (transition, estimate) in estimates {
            observed[transition] = observations(latest: estimate.path.level + 0.02)
        }
        let unweighted = RatioEstimation.periodAdjusted(estimates, observed, weight: 0)
        for (transition, original) in estimates {
            #expect(unweighted[transition]?.path == original.path)
            #expect(unweighted[transition]?.periodShift == 0)
        }
        for (transition, estimate) in estimates { observed[transition] = observations(latest: estimate.path.level) }
        let onTarget = RatioEstimation.periodAdjusted(estimates, observed, weight: 0.75)
        for g in 0...10 { #expect(isClose(onTarget[survival(g)]?.path.level, 0.98 + 0.001 * Double(g), 1e-12)) }
    }

    /// Deviations +0.03 (R→1), −0.01 (1→2); 2→3 last observed a year earlier and 3→4's latest year empty, so
    /// both left out of the mean: shift = 0.5 × (0.03 − 0.01) / 2 = 0.005, applied to all four.
    @Test("the shift is the weighted mean deviation over the transitions observed in the latest year")
    func meanDeviation() throws {
        let four = Dictionary(uniqueKeysWithValues: (0...3).map { (survival($0), estimate(1.0)) })
        let observed: [Transition: [RatioObservation]] = [
            survival(0): observations(latest: 1.03),
            survival(1): observations(latest: 0.99),
            survival(2): observations(latest: 1.50, year: 2018),
            survival(3): observations(latest: 0, denominator: 0),
        ]
        let adjusted = RatioEstimation.periodAdjusted(four, observed, weight: 0.5)
        for g in 0...3 { #expect(isClose(adjusted[survival(g)]?.path.level, 1.005, 1e-12), "\(g)") }
    }

    /// A damped trend path: its deviation is measured against its ratio one step ahead (0.95 + 0.01 × 0.5), and
    /// the shift moves the level, so every step of the path moves by the same amount.
    @Test("a trend path is compared at step 1 and shifted at every step")
    func trendPath() throws {
        let trend = estimate(0.95, slope: 0.01, damping: 0.5)
        let adjusted = RatioEstimation.periodAdjusted(
            [survival(0): trend],
            [survival(0): observations(latest: 0.975)], weight: 1)
        let path = try #require(adjusted[survival(0)]?.path)
        // Deviation 0.975 − 0.955 = 0.02, weight 1.
        #expect(isClose(path.ratio(atStep: 1), 0.955 + 0.02, 1e-12))
        #expect(isClose(path.ratio(atStep: 3), 0.95 + 0.01 * (0.5 + 0.25 + 0.125) + 0.02, 1e-12))
        #expect(path.slope == 0.01 && path.damping == 0.5)
    }

    /// One area, Reception 100 every year, births 100 (reception ratio 1). R→1 ratios 1, 1, 1.06 (mean of 3:
    /// 1.02, latest deviation +0.04); 1→2 ratios 1, 1, 0.97 (mean 0.99, deviation −0.02). Period effect
    /// (0.04 − 0.02) / 2 = 0.01; weight 0.75 → +0.0075: Year 1 2020 = 100 × 1.0275 = 102.75, Year 2 2020 =
    /// 106 × 0.9975 = 105.735 (without it 102 and 104.94); Reception is not adjusted: 100.
    @Test("in a forecast: the default weight moves Year 1 and 2 but not Reception")
    func inForecast() throws {
        #expect(ForecastModel.auto.periodAdjustment == PlanningRules.periodAdjustmentWeight)
        let table = cohortTable([
            "A": [
                2016: ["R": 100, "1": 100, "2": 100],
                2017: ["R": 100, "1": 100, "2": 100],
                2018: ["R": 100, "1": 100, "2": 100],
                2019: ["R": 100, "1": 106, "2": 97],
            ]
        ])
        let births = BirthSeries(["A": Dictionary(uniqueKeysWithValues: (2010...2016).map { ($0, 100.0) })])
        func forecast(_ weight: Double) throws -> Forecast {
            let model = ForecastModel(
                name: "t", intake: .birthsRatio(RatioEstimator(.mean(window: 3))),
                progression: RatioEstimator(.mean(window: 3)),
                transfer: RatioEstimator(.mean(window: 3)),
                sixthForm: RatioEstimator(.mean(window: 3)), periodAdjustment: weight)
            return try CohortSurvivalForecaster(model: model)
                .forecast(ForecastInputs(pupils: table, births: births), horizon: 1)
        }
        let adjusted = try forecast(PlanningRules.periodAdjustmentWeight)
        let plain = try forecast(0)
        #expect(PlanningRules.periodAdjustmentWeight == 0.75)
        #expect(isClose(pupils(adjusted, "A", 2020, "1"), 102.75, 1e-9))
        #expect(isClose(pupils(adjusted, "A", 2020, "2"), 105.735, 1e-9))
        #expect(isClose(pupils(adjusted, "A", 2020, "R"), 100, 1e-9))
        #expect(isClose(pupils(plain, "A", 2020, "1"), 102, 1e-9))
        #expect(isClose(pupils(plain, "A", 2020, "2"), 104.94, 1e-9))
    }
}
