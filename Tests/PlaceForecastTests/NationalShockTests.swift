import Testing

@testable import PlaceForecast

/// A national history of 30 areas, 2010/11–2020/21, Reception to Year 6. Each area has its own survival level
/// (0.985–1.015) with seeded noise of about ±0.3% per ratio; Reception is 95% of births four years earlier.
/// `shock(year)` multiplies every survival ratio observed in that year (the cohort moving into it).
private func nationalHistory(shock: (AcademicYear) -> Double) -> ForecastInputs {
    var state: UInt64 = 20_261_201
    func noise() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Double(state >> 11) / Double(1 << 53) - 0.5) * 0.006
    }
    var histories: [CohortTable.AreaHistory] = []
    var births: [String: [Int: Double]] = [:]
    for index in 0..<30 {
        let code = "A\(index)"
        let level = 0.985 + 0.001 * Double(index)
        births[code] = Dictionary(uniqueKeysWithValues: (2000...2020).map { ($0, 1000 + 10 * Double(index)) })
        var counts: [[Double?]] = []
        for year in 2010...2020 {
            var row = [Double?](repeating: nil, count: YearGroup.all.count)
            row[0] = 0.95 * births[code]![year - 4]!
            for group in 1...6 {
                let before = counts.last.flatMap { $0[group - 1] } ?? row[group - 1]!
                row[group] = before * (level + noise()) * shock(AcademicYear(year))
            }
            counts.append(row)
        }
        histories.append(
            CohortTable.AreaHistory(area: Area(code: code, name: code), firstYear: AcademicYear(2010), counts: counts))
    }
    return ForecastInputs(pupils: CohortTable(histories: histories), births: BirthSeries(births))
}

/// The survival ratio (Year 2 → Year 3) each area's forecast uses one year ahead, by area.
private func ratiosUsed(_ inputs: ForecastInputs, origin: Int, model: ForecastModel) throws -> [String: Double] {
    let forecast = try CohortSurvivalForecaster(model: model).forecast(inputs, origin: AcademicYear(origin), horizon: 3)
    var result: [String: Double] = [:]
    for fitted in forecast.ratios where fitted.transition == .survival(from: YearGroup(index: 2)!) {
        result[fitted.area.code] = fitted.estimate.path.ratio(atStep: 1)
    }
    return result
}

/// The mean relative difference of `a`'s ratios from `b`'s over areas: the drag common to all (each area's own
/// difference also holds noise, as setting a year aside changes which years a window holds).
private func meanShift(_ a: [String: Double], _ b: [String: Double]) -> Double {
    a.keys.map { a[$0]! / b[$0]! - 1 }.reduce(0, +) / Double(a.count)
}

/// Issue 14, item 3: a one-year national shock must not drag the forecasts made after it, and a change that
/// persists must still be followed. The default model (no abnormal years, so the shock is found, not told).
@Suite("National shocks, simulated: a one-off is set aside, a lasting change is followed")
struct NationalShockTests {
    private var model: ForecastModel {
        var model = ForecastModel.auto
        model.abnormalYears = []
        return model
    }

    @Test("every survival ratio 1% lower in 2016/17 only: forecasts from 2017 and 2018 are not dragged (< 0.05%)")
    func oneOffShockIsSetAside() throws {
        let calm = nationalHistory { _ in 1 }
        let shocked = nationalHistory { $0 == AcademicYear(2016) ? 0.99 : 1 }
        for origin in [2017, 2018] {
            let drag = meanShift(
                try ratiosUsed(shocked, origin: origin, model: model),
                try ratiosUsed(calm, origin: origin, model: model))
            #expect(abs(drag) < 0.0005, "origin \(origin): ratios moved by \(drag) on average")
        }
        // Without setting the year aside, mean-of-3 ratios carry a third of the shock (−0.33%) into 2017's forecast.
        let dragged = meanShift(
            try ratiosUsed(shocked, origin: 2017, model: .standard),
            try ratiosUsed(calm, origin: 2017, model: .standard))
        #expect(dragged < -0.002, "mean3 moved by only \(dragged)")
        #expect(PeriodEffects.nationalShocks(Self.observations(shocked, through: 2018)) == [AcademicYear(2016)])
    }

    @Test("every survival ratio 1% lower from 2016/17 on: the forecast from 2018 follows the new level")
    func lastingChangeIsFollowed() throws {
        let calm = nationalHistory { _ in 1 }
        let lower = nationalHistory { $0 >= AcademicYear(2016) ? 0.99 : 1 }
        let before = try ratiosUsed(calm, origin: 2018, model: model)
        let after = try ratiosUsed(lower, origin: 2018, model: model)
        for area in before.keys.sorted() {
            let change = after[area]! / before[area]! - 1
            #expect(abs(change + 0.01) < 0.003, "\(area): ratio changed by \(change), expected about −1%")
        }
        #expect(PeriodEffects.nationalShocks(Self.observations(lower, through: 2018)).isEmpty)
    }

    /// Survival observations of every area up to `through`, as the estimation sees them.
    static func observations(_ inputs: ForecastInputs, through: Int) -> [String: [Transition: [RatioObservation]]] {
        var result: [String: [Transition: [RatioObservation]]] = [:]
        for history in inputs.pupils.truncated(through: AcademicYear(through)).histories {
            for from in 0...5 {
                let group = YearGroup(index: from)!
                result[history.area.code, default: [:]][.survival(from: group)] =
                    RatioEstimation.survivalObservations(history, from: group)
            }
        }
        return result
    }
}
