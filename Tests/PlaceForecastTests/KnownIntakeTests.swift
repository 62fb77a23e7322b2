import TestSupport
import Testing

@testable import PlaceForecast

/// Mean-of-3 ratios everywhere (births → R, survival, transfer, sixth form).
private func meanModel() -> ForecastModel {
    ForecastModel(
        name: "test", intake: .birthsRatio(RatioEstimator(.mean(window: 3))),
        progression: RatioEstimator(.mean(window: 3)), transfer: RatioEstimator(.mean(window: 3)),
        sixthForm: RatioEstimator(.mean(window: 3)))
}

/// Area A, 2017–2019. Reception 90, 99, 120 from births 2013–2015 of 100, 110, 120: reception ratios 0.9, 0.9,
/// 1.0, mean 0.93333. Year 1 80, 90, 94.05: R→1 ratios 90/90 = 1.0 and 94.05/99 = 0.95, mean 0.975.
private let area = cohortTable([
    "A": [
        2017: ["R": 90, "1": 80],
        2018: ["R": 99, "1": 90],
        2019: ["R": 120, "1": 94.05],
    ]
])
private let births = BirthSeries(["A": [2013: 100, 2014: 110, 2015: 120, 2016: 100, 2017: 90]])
private let known = [PupilOverride(areaCode: "A", year: AcademicYear(2020), yearGroup: .reception): 110.0]

private func row(_ forecast: Forecast, _ year: Int, _ group: YearGroup) -> ForecastRow? {
    forecast.rows.first { $0.area.code == "A" && $0.year == AcademicYear(year) && $0.yearGroup == group }
}

@Suite("Known intakes")
struct KnownIntakeTests {
    @Test("a known Reception replaces the projection; its cohort's Year 1 is the known intake × the R→1 ratio")
    func knownReceptionRollsOn() throws {
        let forecast = try CohortSurvivalForecaster(model: meanModel())
            .forecast(ForecastInputs(pupils: area, births: births), horizon: 2, overrides: known)
        let reception = try #require(row(forecast, 2020, .reception))
        // Known: 110. Projected (replaced): births 2016 = 100 × 0.93333 = 93.333.
        #expect(reception.pupils == 110)
        #expect(reception.method == "known intake")
        #expect(isClose(reception.replacedProjection, 100 * (0.9 + 0.9 + 1.0) / 3))
        #expect(reception.knownEntry == PupilOverride(areaCode: "A", year: AcademicYear(2020), yearGroup: .reception))
        // Year 1 in 2021 = 110 × 0.975 = 107.25, a projection of the known cohort.
        let yearOne = try #require(row(forecast, 2021, YearGroup(index: 1)!))
        #expect(isClose(yearOne.pupils, 107.25))
        #expect(yearOne.replacedProjection == nil)
        #expect(yearOne.knownEntry == reception.knownEntry)
        // Year 1 in 2020 = census Reception 2019 120 × 0.975 = 117: not from a known intake.
        let censusCohort = try #require(row(forecast, 2020, YearGroup(index: 1)!))
        #expect(isClose(censusCohort.pupils, 117))
        #expect(censusCohort.knownEntry == nil)
        // Reception 2021 is projected: births 2017 = 90 × 0.93333 = 84.
        #expect(isClose(row(forecast, 2021, .reception)?.pupils, 84))
        #expect(forecast.knownIntakeRows.count == 1)
    }

    @Test(
        "a known intake's interval is the value itself; no housing on it, and its cohort gains only the growth"
    )
    func knownIntakeIntervalsAndHousing() throws {
        // Yields 0.1 per dwelling in R and in Year 1, half in the completion year and all after; no trend
        // allowance. 100 dwellings completed in 2020: h(R, 2020) = 100 × 0.1 × 0.5 = 5, h(1, 2020) = 5,
        // h(R, 2021) = h(1, 2021) = 100 × 0.1 × 1.0 = 10.
        let yields = HousingYields(
            perDwelling: [.reception: 0.1, YearGroup(index: 1)!: 0.1], phaseIn: [0.5, 1.0], trendAllowanceYears: 0)
        let housing = HousingSeries(["A": [AcademicYear(2020): 100]])
        let forecast = try CohortSurvivalForecaster(model: meanModel())
            .forecast(ForecastInputs(pupils: area, births: births), horizon: 2, overrides: known)
            .withIntervals(IntervalModel(cells: []))
            .addingHousing(housing, yields: yields, transfers: nil)
        let reception = try #require(row(forecast, 2020, .reception))
        #expect(reception.pupils == 110)
        #expect(reception.housingPupils == 0)
        #expect(reception.interval80 == 110...110)
        #expect(reception.interval95 == 110...110)
        // Year 1 in 2021: trend 107.25 + housing 10 − 5 (the 5 the known intake already counts) = 112.25.
        let yearOne = try #require(row(forecast, 2021, YearGroup(index: 1)!))
        #expect(isClose(yearOne.housingPupils, 5))
        #expect(isClose(yearOne.pupils, 112.25))
        // Not from a known intake: housing in full. Year 1 2020: 117 + 5; Reception 2021: 84 + 10.
        #expect(isClose(row(forecast, 2020, YearGroup(index: 1)!)?.pupils, 122))
        #expect(isClose(row(forecast, 2021, .reception)?.pupils, 94))
        #expect(row(forecast, 2021, .reception)?.interval80 == nil)
    }

    @Test("a backtest with known intakes gives each origin the actual entry of the year after it, nothing else")
    func backtestKnownIntakes() throws {
        let entry = Backtest.knownIntakes(area, origin: AcademicYear(2018))
        #expect(entry == [PupilOverride(areaCode: "A", year: AcademicYear(2019), yearGroup: .reception): 120])
        let inputs = ForecastInputs(pupils: area, births: births)
        let method = ForecastMethod.fixed(meanModel())
        let plain = try Backtest.run(
            inputs, methods: [method], origins: [AcademicYear(2018)], horizons: 1...1)
        let withKnown = try Backtest.run(
            inputs, methods: [method], origins: [AcademicYear(2018)], horizons: 1...1, knownIntakes: true)
        func cell(_ cells: [BacktestCell], _ level: BacktestLevel) -> BacktestCell? {
            cells.first { $0.level == level }
        }
        // From origin 2018 (ratios from 2017–2018 only): R 2019 = births 2015 120 × mean(0.9, 0.9) = 108 without,
        // the actual 120 with. Year 1 2019 = 99 × 1.0 = 99 either way (actual 94.05).
        #expect(isClose(cell(plain, .yearGroup(.reception))?.forecast, 108))
        #expect(cell(withKnown, .yearGroup(.reception))?.forecast == 120)
        #expect(isClose(cell(withKnown, .yearGroup(YearGroup(index: 1)!))?.forecast, 99))
        #expect(isClose(cell(withKnown, .phaseTotal(.primary))?.forecast, 219))
    }

    @Test("each year group's share of the absolute error adds up to 1")
    func errorShares() {
        let a = Area(code: "A", name: "A")
        func cell(_ group: Int, _ forecast: Double, _ actual: Double, horizon: Int = 1) -> BacktestCell {
            BacktestCell(
                method: "m", area: a, level: .yearGroup(YearGroup(index: group)!), origin: AcademicYear(2018),
                horizon: horizon, forecast: forecast, actual: actual)
        }
        // |errors|: R 2, Year 1 6 + 2 (two origins' worth) = 8; total 10. A horizon-2 and a secondary cell are ignored.
        let cells = [
            cell(0, 102, 100), cell(1, 94, 100), cell(1, 102, 100), cell(1, 50, 100, horizon: 2), cell(7, 0, 9),
        ]
        let shares = ErrorShares.of(cells, phase: .primary, horizon: 1)
        #expect(shares.count == 1)
        #expect(shares[0].shares.map(\.group) == [.reception, YearGroup(index: 1)!])
        #expect(shares[0].shares.map(\.share) == [0.2, 0.8])
        #expect(shares[0].totalAbsoluteError == 10)
    }
}
