import TestSupport
import Testing

@testable import PlaceForecast

private func group(_ index: Int) -> YearGroup { YearGroup(index: index)! }
private func year(_ start: Int) -> AcademicYear { AcademicYear(start) }

/// A fitted ratio of `area` for the survival from `from`, flat at `level`.
private func ratio(_ area: String, from: Int, _ level: Double) -> FittedRatio {
    FittedRatio(
        area: Area(code: area, name: area), transition: .survival(from: group(from)), observations: [],
        estimate: RatioEstimate(path: RatioPath(level: level), own: nil, pooled: nil, ownWeight: 1), method: "test")
}

/// A forecast from origin 2019 with the given trend rows (area, year, year group, pupils) and fitted ratios.
private func forecast(_ rows: [(String, Int, Int, Double)], ratios: [FittedRatio] = []) -> Forecast {
    Forecast(
        modelName: "m", origin: year(2019), horizon: 3,
        rows: rows.map { area, start, index, pupils in
            ForecastRow(
                area: Area(code: area, name: area), year: year(start), yearGroup: group(index), pupils: pupils,
                method: "m", interval80: (pupils - 2)...(pupils + 4))
        }, ratios: ratios, skipped: [], notes: [])
}

private func row(_ forecast: Forecast, _ area: String, _ start: Int, _ index: Int) -> ForecastRow? {
    forecast.rows.first { $0.area.code == area && $0.year == year(start) && $0.yearGroup == group(index) }
}

@Suite("Housing yields")
struct HousingYieldTests {
    /// 0.06 post-16 per dwelling, 0.03 in each of Years 12 and 13; half in the completion year, full after.
    let postSixteen = HousingYields(
        perDwelling: HousingYields.perPhase(primary: 0, secondary: 0, sixthForm: 0.06), phaseIn: [0.5, 1.0],
        trendAllowanceYears: 0)

    @Test("Years 12–13 from housing are the post-16 yield × the staying-on ratio (11→12; × 12→13 in Year 13)")
    func postSixteenScaledByStayingOn() {
        let base = forecast(
            [("S", 2021, 12, 50), ("S", 2021, 13, 40), ("S", 2022, 12, 50), ("S", 2022, 13, 40)],
            ratios: [ratio("S", from: 11, 0.4), ratio("S", from: 12, 0.9)])
        let result = base.addingHousing(HousingSeries(["S": [year(2021): 100]]), yields: postSixteen, transfers: nil)
        // 2021, the completion year: 100 × 0.03 × 0.5 × 0.4 = 0.6 in Year 12; × 0.9 more = 0.54 in Year 13.
        #expect(isClose(row(result, "S", 2021, 12)?.housingPupils, 0.6))
        #expect(isClose(row(result, "S", 2021, 13)?.housingPupils, 0.54))
        // 2022, full yield: 100 × 0.03 × 1.0 × 0.4 = 1.2 in Year 12 and 1.2 × 0.9 = 1.08 in Year 13.
        #expect(isClose(row(result, "S", 2022, 12)?.housingPupils, 1.2))
        #expect(isClose(row(result, "S", 2022, 13)?.housingPupils, 1.08))
        #expect(isClose(row(result, "S", 2022, 12)?.pupils, 51.2))
        // Unscaled the yield would give 3 a year group: the scaling is the whole difference.
        let unscaled = postSixteen.pupils(
            HousingSeries(["S": [year(2021): 100]]), origin: year(2019), years: year(2022)...year(2022),
            teaches: { _, _ in true }, transfers: nil)
        #expect(isClose(unscaled["S"]?[year(2022)]?[group(12)], 3))
    }

    @Test("a primary area's sixth formers follow the staying-on ratio of the area its Year 6 transfers to")
    func postSixteenOfAPrimaryAreaUsesTheDestinationRatio() {
        // P (primary, ratio-less) sends its secondary and sixth-form pupils to S (11→12 of 0.4) and T (0.5), 3:1.
        let base = forecast(
            [("P", 2022, 0, 100), ("S", 2022, 12, 50), ("T", 2022, 12, 30)],
            ratios: [ratio("S", from: 11, 0.4), ratio("T", from: 11, 0.5)])
        let transfers = TransferShares(feeders: ["S": [("P", 0.6)], "T": [("P", 0.2)]])
        let result = base.addingHousing(
            HousingSeries(["P": [year(2021): 100]]), yields: postSixteen, transfers: transfers)
        // 100 × 0.03 = 3 Year 12 pupils: 3 × 0.75 × 0.4 = 0.9 to S, 3 × 0.25 × 0.5 = 0.375 to T.
        #expect(isClose(row(result, "S", 2022, 12)?.housingPupils, 0.9))
        #expect(isClose(row(result, "T", 2022, 12)?.housingPupils, 0.375))
        #expect(row(result, "P", 2022, 0)?.housingPupils == 0)
    }

    /// Reception yield 0.1 per dwelling, all at once; allowance = mean of 2017–2019 = (100 + 120 + 140) / 3 = 120.
    let history: [AcademicYear: Double] = [year(2017): 100, year(2018): 120, year(2019): 140]

    func receptionYields(_ rule: HousingYields.TrendAllowance) -> HousingYields {
        HousingYields(perDwelling: [.reception: 0.1], phaseIn: [1], trendAllowanceYears: 3, trendAllowance: rule)
    }

    @Test("symmetric allowance: completions below the trend's rate give negative housing pupils")
    func belowTrendLowersTheForecast() {
        var completions = history
        completions[year(2020)] = 60  // 60 below the allowance of 120
        completions[year(2021)] = 150  // 30 above
        let housing = HousingSeries(["P": completions])
        let yields = receptionYields(.symmetric)
        #expect(yields.allowance(completions, origin: year(2019)) == 120)
        let base = forecast([("P", 2020, 0, 100), ("P", 2021, 0, 100)])
        let result = base.addingHousing(housing, yields: yields, transfers: nil)
        // 2020: (60 − 120) × 0.1 = −6; 2021: −6 + (150 − 120) × 0.1 = −3.
        #expect(isClose(row(result, "P", 2020, 0)?.housingPupils, -6))
        #expect(isClose(row(result, "P", 2020, 0)?.pupils, 94))
        #expect(isClose(row(result, "P", 2020, 0)?.trendPupils, 100))
        #expect(row(result, "P", 2020, 0)?.interval80 == 92...98)
        #expect(isClose(row(result, "P", 2021, 0)?.housingPupils, -3))
    }

    @Test("above_only allowance reproduces the old rule: below-trend years add nothing")
    func aboveOnlyIsTheOldRule() {
        var completions = history
        completions[year(2020)] = 60
        completions[year(2021)] = 150
        let result = forecast([("P", 2020, 0, 100), ("P", 2021, 0, 100)])
            .addingHousing(HousingSeries(["P": completions]), yields: receptionYields(.aboveOnly), transfers: nil)
        #expect(row(result, "P", 2020, 0)?.housingPupils == 0)
        #expect(row(result, "P", 2020, 0)?.pupils == 100)
        #expect(row(result, "P", 2020, 0)?.interval80 == 98...104)
        // 2021: (150 − 120) × 0.1 = 3, as before.
        #expect(isClose(row(result, "P", 2021, 0)?.housingPupils, 3))
        #expect(
            receptionYields(.aboveOnly).extraCompletions(completions, origin: year(2019)).map(\.1) == [0, 30])
        #expect(
            receptionYields(.symmetric).extraCompletions(completions, origin: year(2019)).map(\.1) == [-60, 30])
    }

    @Test("a negative housing adjustment never takes a year group below zero pupils")
    func flooredAtZero() {
        var completions = history
        completions[year(2020)] = 0  // (0 − 120) × 0.1 = −12 against a trend of 4
        let result = forecast([("P", 2020, 0, 4)])
            .addingHousing(HousingSeries(["P": completions]), yields: receptionYields(.symmetric), transfers: nil)
        let floored = row(result, "P", 2020, 0)
        #expect(floored?.pupils == 0)
        #expect(floored?.housingPupils == -4)
        #expect(floored?.trendPupils == 4)
        #expect(floored?.interval80 == 0...4)  // 2...8 moved down by 4
    }

    @Test("the standard yields are symmetric")
    func standardIsSymmetric() {
        #expect(HousingYields.standard.trendAllowance == .symmetric)
    }
}
