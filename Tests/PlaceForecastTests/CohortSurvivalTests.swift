import TestSupport
import Testing

@testable import PlaceForecast

private func model(
    intake: IntakeMethod = .birthsRatio(RatioEstimator(.mean(window: 3))),
    progression: RatioMethod = .mean(window: 3)
) -> ForecastModel {
    ForecastModel(
        name: "test", intake: intake, progression: RatioEstimator(progression),
        transfer: RatioEstimator(.mean(window: 3)), sixthForm: RatioEstimator(.mean(window: 3)))
}

@Suite("Cohort survival, golden and hand-computed")
struct CohortSurvivalTests {
    /// enrollcast's published example (DESIGN.md): K/1/2 history 2021-23, entries 125, 130, 128.
    @Test("the enrollcast example: mean ratios 0.925 and 0.9678363, projections to 1e-5")
    func enrollcastExample() throws {
        let table = cohortTable([
            "X": [
                2021: ["R": 100, "1": 90, "2": 80],
                2022: ["R": 110, "1": 95, "2": 88],
                2023: ["R": 120, "1": 99, "2": 91],
            ]
        ])
        let births = BirthSeries(["X": Dictionary(uniqueKeysWithValues: (2010...2022).map { ($0, 100.0) })])
        let entries: [Int: Double] = [2024: 125, 2025: 130, 2026: 128]
        let overrides = Dictionary(
            uniqueKeysWithValues: entries.map {
                (PupilOverride(areaCode: "X", year: AcademicYear($0), yearGroup: .reception), $1)
            })
        let forecast = try CohortSurvivalForecaster(model: model())
            .forecast(ForecastInputs(pupils: table, births: births), horizon: 3, overrides: overrides)
        let ratios = Dictionary(
            uniqueKeysWithValues: forecast.ratios.map { ($0.transition.label, $0.estimate.path.level) })
        #expect(isClose(ratios["R->1"], 0.925, 1e-7))
        #expect(isClose(ratios["1->2"], 0.9678363, 1e-7))
        #expect(isClose(pupils(forecast, "X", 2024, "R"), 125, 1e-5))
        #expect(isClose(pupils(forecast, "X", 2024, "1"), 111.0, 1e-5))
        #expect(isClose(pupils(forecast, "X", 2024, "2"), 95.81579, 1e-5))
        #expect(isClose(pupils(forecast, "X", 2026, "R"), 128, 1e-5))
        #expect(isClose(pupils(forecast, "X", 2026, "1"), 120.25, 1e-5))
        #expect(isClose(pupils(forecast, "X", 2026, "2"), 111.90607, 1e-5))
        #expect(forecast.rows.count == 3 * 3)
    }

    /// Births 2013-17: 100, 110, 120, 100, 90. Reception 2017-19: 90, 99, 120 (ratios 0.9, 0.9, 1.0).
    /// Year 1 2018: 90 (R→1 = 1.0), 2019: 94.05 (= 0.95 × 99).
    private let smallArea = cohortTable([
        "A": [
            2017: ["R": 90, "1": 80],
            2018: ["R": 99, "1": 90],
            2019: ["R": 120, "1": 94.05],
        ]
    ])
    private let smallBirths = BirthSeries(["A": [2013: 100, 2014: 110, 2015: 120, 2016: 100, 2017: 90]])

    @Test("births × mean reception ratio, then survival; births held constant past the last known year")
    func birthsIntakeAndSurvival() throws {
        let forecast = try CohortSurvivalForecaster(model: model())
            .forecast(ForecastInputs(pupils: smallArea, births: smallBirths), horizon: 3)
        let receptionRatio = (0.9 + 0.9 + 1.0) / 3
        let survival = (1.0 + 0.95) / 2
        #expect(isClose(pupils(forecast, "A", 2020, "R"), 100 * receptionRatio))
        #expect(isClose(pupils(forecast, "A", 2021, "R"), 90 * receptionRatio))
        #expect(isClose(pupils(forecast, "A", 2022, "R"), 90 * receptionRatio))  // births 2018 unknown: 2017 held
        #expect(isClose(pupils(forecast, "A", 2020, "1"), 120 * survival))
        #expect(isClose(pupils(forecast, "A", 2021, "1"), 100 * receptionRatio * survival))
        #expect(forecast.notes.contains { $0.contains("births are known to 2017") })
        #expect(forecast.origin == AcademicYear(2019))
        #expect(forecast.rows.map(\.year).min() == AcademicYear(2020))
    }

    @Test("weighted 3:2:1 reception ratio")
    func weightedIntake() throws {
        let forecast = try CohortSurvivalForecaster(
            model: model(intake: .birthsRatio(RatioEstimator(.weighted(weights: [3, 2, 1]))))
        )
        .forecast(ForecastInputs(pupils: smallArea, births: smallBirths), horizon: 1)
        #expect(isClose(pupils(forecast, "A", 2020, "R"), 100 * (3 * 1.0 + 2 * 0.9 + 0.9) / 6))
    }

    @Test("an explicit origin ignores later pupils")
    func explicitOrigin() throws {
        let forecast = try CohortSurvivalForecaster(model: model())
            .forecast(ForecastInputs(pupils: smallArea, births: smallBirths), origin: AcademicYear(2018), horizon: 1)
        // R ratios 2017-18 only: 0.9; births 2015 = 120. Survival 2018 only: 1.0.
        #expect(isClose(pupils(forecast, "A", 2019, "R"), 108))
        #expect(isClose(pupils(forecast, "A", 2019, "1"), 99))
    }

    @Test("Year 7 of a secondary planning area from its feeders' Year 6 and transfer shares")
    func feederTransfer() throws {
        // Primary P1 has 100 and P2 50 in every year group; S1 gets 80% of P1 and 50% of P2: 105 expected.
        // Year 7 in S1: 2017 105, 2018 115.5 (ratio 1.1), 2019 110.25 (1.05). Year 8: 2017 95, 2018 100, 2019 103.95.
        func flat(_ value: Double) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: ["R", "1", "2", "3", "4", "5", "6"].map { ($0, value) })
        }
        let table = cohortTable([
            "P1": [2017: flat(100), 2018: flat(100), 2019: flat(100)],
            "P2": [2017: flat(50), 2018: flat(50), 2019: flat(50)],
            "S1": [2017: ["7": 105, "8": 95], 2018: ["7": 115.5, "8": 100], 2019: ["7": 110.25, "8": 103.95]],
        ])
        let births = BirthSeries([
            "P1": [2013: 100, 2014: 100, 2015: 100, 2016: 100],
            "P2": [2013: 50, 2014: 50, 2015: 50, 2016: 50],
        ])
        let transfers = TransferShares(feeders: ["S1": [("P1", 0.8), ("P2", 0.5)]])
        let forecast = try CohortSurvivalForecaster(model: model())
            .forecast(ForecastInputs(pupils: table, births: births, transfers: transfers), horizon: 2)
        let transferRatio = (1.1 + 1.05) / 2
        let survival78 = (100.0 / 105 + 103.95 / 115.5) / 2
        #expect(isClose(pupils(forecast, "S1", 2020, "7"), 105 * transferRatio))
        #expect(isClose(pupils(forecast, "S1", 2020, "8"), 110.25 * survival78))
        #expect(isClose(pupils(forecast, "S1", 2021, "8"), 105 * transferRatio * survival78))
        #expect(pupils(forecast, "P1", 2020, "7") == nil)  // primary areas do not grow a Year 7
        #expect(forecast.rows.filter { $0.area.code == "S1" }.count == 2 * 2)
    }

    @Test("a secondary area without Year 6 and without transfer shares is an error naming the area")
    func missingFeeders() {
        let table = cohortTable(["S1": [2018: ["7": 100, "8": 95], 2019: ["7": 100, "8": 95]]])
        #expect(throws: ForecastError.missingFeeders(area: "S1")) {
            try CohortSurvivalForecaster(model: model()).forecast(
                ForecastInputs(pupils: table, births: BirthSeries([:])))
        }
    }

    @Test("an area with Reception but no births is an error naming the area")
    func missingBirths() {
        #expect(throws: ForecastError.missingBirths(area: "A")) {
            try CohortSurvivalForecaster(model: model()).forecast(
                ForecastInputs(pupils: smallArea, births: BirthSeries([:])))
        }
    }

    @Test("shrinkage pools a small area's survival ratio toward the ratio of all areas")
    func shrinkageAcrossAreas() throws {
        // Big area B: R→1 ratio exactly 1.0 on 900 pupils; small area S: 0.8 on 100 pupils. Pooled: 980/1000.
        let table = cohortTable([
            "B": [2018: ["R": 900, "1": 900], 2019: ["R": 900, "1": 900]],
            "S": [2018: ["R": 100, "1": 100], 2019: ["R": 100, "1": 80]],
        ])
        let births = BirthSeries(["B": [2014: 900, 2015: 900], "S": [2014: 100, 2015: 100]])
        var shrunk = model()
        shrunk.progression = RatioEstimator(.mean(window: 3), shrinkageStrength: 100)
        let forecast = try CohortSurvivalForecaster(model: shrunk)
            .forecast(ForecastInputs(pupils: table, births: births), horizon: 1)
        // S: weight 100 / (100 + 100) = 0.5 → 0.5 × 0.8 + 0.5 × 0.98 = 0.89.
        #expect(isClose(pupils(forecast, "S", 2020, "1"), 100 * 0.89))
        // B: weight 900 / 1000 = 0.9 → 0.9 × 1.0 + 0.1 × 0.98 = 0.998.
        #expect(isClose(pupils(forecast, "B", 2020, "1"), 900 * 0.998))
    }
}

@Suite("Regression intake through LAPACK")
struct RegressionIntakeTests {
    /// Reception = 10 + 0.8 × births(Y−4) exactly in area A, and 20 + 0.8 × births in area B.
    private func inputs() -> ForecastInputs {
        let birthsA: [Int: Double] = [2012: 100, 2013: 120, 2014: 110, 2015: 130, 2016: 125, 2017: 140]
        let birthsB: [Int: Double] = [2012: 200, 2013: 190, 2014: 210, 2015: 220, 2016: 230, 2017: 215]
        var data: [String: [Int: [String: Double]]] = [:]
        for year in 2016...2019 {
            data["A", default: [:]][year] = ["R": 10 + 0.8 * birthsA[year - 4]!]
            data["B", default: [:]][year] = ["R": 20 + 0.8 * birthsB[year - 4]!]
        }
        return ForecastInputs(pupils: cohortTable(data), births: BirthSeries(["A": birthsA, "B": birthsB]))
    }

    @Test("per-area fit recovers each line")
    func perArea() throws {
        let model = ForecastModel(
            name: "r", intake: .regression(IntakeRegression()),
            progression: RatioEstimator(.last), transfer: RatioEstimator(.last),
            sixthForm: RatioEstimator(.last))
        let forecast = try CohortSurvivalForecaster(model: model).forecast(inputs(), horizon: 2)
        #expect(isClose(pupils(forecast, "A", 2020, "R"), 10 + 0.8 * 125, 1e-8))
        #expect(isClose(pupils(forecast, "A", 2021, "R"), 10 + 0.8 * 140, 1e-8))
        #expect(isClose(pupils(forecast, "B", 2021, "R"), 20 + 0.8 * 215, 1e-8))
    }

    @Test("pooled fit with area effects shares the slope and keeps each intercept")
    func pooled() throws {
        let model = ForecastModel(
            name: "r", intake: .regression(IntakeRegression(pooled: true)),
            progression: RatioEstimator(.last), transfer: RatioEstimator(.last),
            sixthForm: RatioEstimator(.last))
        let forecast = try CohortSurvivalForecaster(model: model).forecast(inputs(), horizon: 1)
        #expect(isClose(pupils(forecast, "A", 2020, "R"), 10 + 0.8 * 125, 1e-8))
        #expect(isClose(pupils(forecast, "B", 2020, "R"), 20 + 0.8 * 230, 1e-8))
    }

    @Test("housing as a second regressor")
    func withHousing() throws {
        // Reception = 5 + 0.9 births + 0.3 dwellings in area A.
        let births: [Int: Double] = [2010: 100, 2011: 120, 2012: 110, 2013: 130, 2014: 125, 2015: 140, 2016: 135]
        let dwellings: [Int: Double] = [2014: 50, 2015: 10, 2016: 80, 2017: 30, 2018: 60, 2019: 0, 2020: 100]
        var data: [Int: [String: Double]] = [:]
        for year in 2014...2019 { data[year] = ["R": 5 + 0.9 * births[year - 4]! + 0.3 * dwellings[year]!] }
        let housing = HousingSeries(["A": Dictionary(uniqueKeysWithValues: dwellings.map { (AcademicYear($0), $1) })])
        let model = ForecastModel(
            name: "r", intake: .regression(IntakeRegression(useHousing: true)),
            progression: RatioEstimator(.last), transfer: RatioEstimator(.last),
            sixthForm: RatioEstimator(.last))
        let forecast = try CohortSurvivalForecaster(model: model).forecast(
            ForecastInputs(pupils: cohortTable(["A": data]), births: BirthSeries(["A": births]), housing: housing),
            horizon: 1)
        #expect(isClose(pupils(forecast, "A", 2020, "R"), 5 + 0.9 * 135 + 0.3 * 100, 1e-8))
    }
}

@Suite("Forecaster input checks")
struct ForecasterInputChecks {
    @Test("a year group with no predecessor in the origin year is an error")
    func brokenCohort() {
        let table = cohortTable(["A": [2018: ["R": 10, "2": 10], 2019: ["R": 10, "2": 10]]])
        let births = BirthSeries(["A": [2014: 10, 2015: 10]])
        #expect(
            throws: ForecastError.missingYearGroup(area: "A", year: AcademicYear(2019), group: YearGroup(index: 2)!)
        ) {
            try CohortSurvivalForecaster(model: .standard).forecast(ForecastInputs(pupils: table, births: births))
        }
    }

    @Test("horizons outside 1...15 are rejected")
    func horizon() {
        let table = cohortTable(["A": [2018: ["R": 10], 2019: ["R": 10]]])
        let births = BirthSeries(["A": [2014: 10, 2015: 10]])
        for bad in [0, 16] {
            #expect(throws: ForecastError.self) {
                try CohortSurvivalForecaster(model: .standard).forecast(
                    ForecastInputs(pupils: table, births: births), horizon: bad)
            }
        }
    }

    @Test("areas whose data end before the origin are skipped and reported")
    func endedArea() throws {
        let table = cohortTable(["A": [2018: ["R": 10], 2019: ["R": 10]], "OLD": [2017: ["R": 5], 2018: ["R": 5]]])
        let births = BirthSeries(["A": [2014: 10, 2015: 10], "OLD": [2013: 5, 2014: 5]])
        let forecast = try CohortSurvivalForecaster(model: .standard).forecast(
            ForecastInputs(pupils: table, births: births))
        #expect(forecast.skipped.map(\.area.code) == ["OLD"])
        #expect(Set(forecast.rows.map(\.area.code)) == ["A"])
        #expect(forecast.rows.count == 7)
    }
}

@Suite("Areas that cannot be forecast")
struct SkippedAreaTests {
    private let history: [Int: [String: Double]] = [
        2021: ["R": 100, "1": 90], 2022: ["R": 110, "1": 95], 2023: ["R": 120, "1": 99],
    ]
    private let births = (2010...2022).map { ($0, 100.0) }

    @Test("in a file of many areas, one without births is skipped and named; the others are forecast as alone")
    func skippedAndNamed() throws {
        let both = ForecastInputs(
            pupils: cohortTable(["A": history, "B": history]),
            births: BirthSeries(["A": Dictionary(uniqueKeysWithValues: births)]))
        let forecast = try CohortSurvivalForecaster(model: model()).forecast(both, horizon: 2)
        #expect(forecast.skipped.map(\.area.code) == ["B"])
        #expect(forecast.skipped.first?.reason == "it has Reception pupils but no births in the births file")
        #expect(!forecast.rows.contains { $0.area.code == "B" })
        // A's forecast is exactly what A alone gives: mean R->1 ratio (95/100 + 99/110) / 2 = 0.925 on 120 → 111.
        let alone = try CohortSurvivalForecaster(model: model())
            .forecast(
                ForecastInputs(
                    pupils: cohortTable(["A": history]),
                    births: BirthSeries(["A": Dictionary(uniqueKeysWithValues: births)])),
                horizon: 2)
        #expect(forecast.rows.filter { $0.area.code == "A" } == alone.rows)
        #expect(isClose(pupils(forecast, "A", 2024, "1"), 111, 1e-9))
    }

    @Test("alone, an area without births is still an error")
    func aloneIsAnError() {
        let inputs = ForecastInputs(pupils: cohortTable(["B": history]), births: BirthSeries([:]))
        #expect(throws: ForecastError.missingBirths(area: "B")) {
            try CohortSurvivalForecaster(model: model()).forecast(inputs, horizon: 2)
        }
    }
}
