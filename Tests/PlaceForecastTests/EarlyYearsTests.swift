import TestSupport
import Testing

@testable import PlaceForecast

/// Births of one area by births year (ONS mid-year: year B = July B−1 to June B).
private let risingBirths: [Int: Double] = [2018: 1200, 2019: 1320, 2020: 1440, 2021: 1560, 2022: 1680]

@Suite("Early years: population from births, take-up, entitlements, sufficiency")
struct EarlyYearsTests {
    @Test("population windows worked by hand: 3-4, 2, under-2, and the Reception share")
    func population() {
        let births = { (year: Int) in risingBirths[year] }
        // Academic year 2022 = the January 2023 count, ages on 31 December 2022.
        // 3 or 4: born calendar 2018-2019 = ½·b(2018) + b(2019) + ½·b(2020) = 600 + 1320 + 720.
        #expect(isClose(EarlyYearsPopulation.population(.threeFour, year: AcademicYear(2022), births: births), 2640))
        // 2: born calendar 2020 = ½·b(2020) + ½·b(2021) = 720 + 780.
        #expect(isClose(EarlyYearsPopulation.population(.two, year: AcademicYear(2022), births: births), 1500))
        // 9 months to 2: born January 2021 to March 2022 = ½·b(2021) + ¾·b(2022) = 780 + 1260.
        #expect(isClose(EarlyYearsPopulation.population(.underTwo, year: AcademicYear(2022), births: births), 2040))
        // In Reception: born January-August 2018 = ½·b(2018) + 2/12·b(2019) = 600 + 220 = 820 of 2640.
        #expect(isClose(EarlyYearsPopulation.nonReceptionShare(year: AcademicYear(2022), births: births), 1820 / 2640))
        // Level births: a third of the 3-4s are in Reception.
        #expect(isClose(EarlyYearsPopulation.nonReceptionShare(year: AcademicYear(2022)) { _ in 1000 }, 2.0 / 3))
        // Births after 2022 are held at 2022: the 2-year-olds of 2024 are ½·b(2023) + ½·b(2024) = 1680.
        #expect(isClose(EarlyYearsPopulation.population(.two, year: AcademicYear(2024), births: births), 1680))
        // Nothing known: nil.
        #expect(EarlyYearsPopulation.population(.two, year: AcademicYear(2010), births: births) == nil)
    }

    private func series(_ values: [Double], from first: Int) -> [AcademicYear: Double] {
        Dictionary(uniqueKeysWithValues: values.enumerated().map { (AcademicYear(first + $0.offset), $0.element) })
    }

    @Test("the LAPACK line matches a line computed by hand; the damped trend adds b(φ + φ²)")
    func trend() throws {
        // 0.80, 0.83, 0.83, 0.87, 0.87 at t = -4…0: mean t -2, mean y 0.84, Sxy 0.18, Sxx 10: slope 0.018,
        // level at the origin 0.84 + 2 × 0.018 = 0.876.
        let noisy = series([0.80, 0.83, 0.83, 0.87, 0.87], from: 2016)
        let line = try #require(TakeUpTrend.line(noisy, origin: AcademicYear(2020)))
        #expect(isClose(line.slope, 0.018, 1e-12))
        #expect(isClose(line.level, 0.876, 1e-12))
        let damped = try #require(
            TakeUpTrend.project(noisy, origin: AcademicYear(2020), horizon: 2, method: .dampedTrend))
        #expect(isClose(damped.values[0], 0.876 + 0.018 * 0.8, 1e-12))
        #expect(isClose(damped.values[1], 0.876 + 0.018 * (0.8 + 0.64), 1e-12))
        let last = try #require(TakeUpTrend.project(noisy, origin: AcademicYear(2020), horizon: 2, method: .last))
        #expect(last.values == [0.87, 0.87])
        let mean = try #require(TakeUpTrend.project(noisy, origin: AcademicYear(2020), horizon: 1, method: .mean3))
        #expect(isClose(mean.values[0], (0.83 + 0.87 + 0.87) / 3, 1e-12))
        // An exact line 0.80 … 0.88: level 0.88, slope 0.02; 1 and 2 years ahead 0.896 and 0.9088.
        let straight = series([0.80, 0.82, 0.84, 0.86, 0.88], from: 2016)
        let exact = try #require(
            TakeUpTrend.project(straight, origin: AcademicYear(2020), horizon: 2, method: .dampedTrend))
        #expect(isClose(exact.values[0], 0.896, 1e-12) && isClose(exact.values[1], 0.9088, 1e-12))
        // Values after the origin are not seen.
        let cut = try #require(TakeUpTrend.line(straight, origin: AcademicYear(2018)))
        #expect(isClose(cut.level, 0.84, 1e-12) && cut.points == 3)
        // Too few values for a line: the damped trend holds the last value.
        let short = try #require(
            TakeUpTrend.project(
                series([0.5, 0.6], from: 2019), origin: AcademicYear(2020), horizon: 1,
                method: .dampedTrend))
        #expect(short.values == [0.6] && short.method == .last)
    }

    @Test("the per-LA choice: a steady rise picks the damped trend, an alternating series not the last value")
    func choice() throws {
        let rising = series([0.70, 0.72, 0.74, 0.76, 0.78, 0.80, 0.82, 0.84], from: 2013)
        let chosen = try #require(TakeUpTrend.auto(rising, origin: AcademicYear(2020), horizon: 2))
        #expect(chosen.method == .dampedTrend && chosen.chosen)
        #expect(chosen.scores[.last]! > chosen.scores[.dampedTrend]!)
        // Alternating 0.9, 0.8: the last value is always 0.1 out one year ahead; an average (the mean of three, or
        // the flat line through five, which is their mean) is closer.
        let alternating = series([0.9, 0.8, 0.9, 0.8, 0.9, 0.8, 0.9, 0.8], from: 2013)
        let smooth = try #require(TakeUpTrend.auto(alternating, origin: AcademicYear(2020), horizon: 1))
        #expect(smooth.method != .last && smooth.scores[.last]! > smooth.scores[smooth.method]!)
        // One value: no errors to choose on, so the last value, not marked as chosen.
        let one = try #require(TakeUpTrend.auto(series([0.9], from: 2020), origin: AcademicYear(2020), horizon: 1))
        #expect(one.method == .last && !one.chosen)
    }

    @Test("entitlement ramp: 0 before the start, the ramp, then held; 30 hours need two 15-hour places")
    func entitlement() {
        let schedule = YearSchedule([2024: 0.6, 2025: 0.75, 2026: 0.8])
        #expect(schedule.value(in: AcademicYear(2023)) == 0)
        #expect(schedule.value(in: AcademicYear(2024)) == 0.6)
        #expect(schedule.value(in: AcademicYear(2030)) == 0.8)
        let twos = Entitlement(
            name: "w", age: .two, kind: .newChildren, eligibleShare: 0.5, takeUp: schedule,
            hours: YearSchedule([2024: 15, 2025: 30]))
        // 2024: 1000 × 0.5 × 0.6 = 300 children at 15 hours = 300 places; 2025: 375 children at 30 hours = 750.
        #expect(isClose(twos.children(population: 1000, year: AcademicYear(2024)), 300))
        #expect(isClose(twos.places(children: 300, year: AcademicYear(2024)), 300))
        #expect(isClose(twos.children(population: 1000, year: AcademicYear(2025)), 375))
        #expect(isClose(twos.places(children: 375, year: AcademicYear(2025)), 750))
        // A scenario doubling take-up is capped at all of the eligible.
        #expect(isClose(twos.children(population: 1000, year: AcademicYear(2025), uptake: 2), 500))
        // 30 hours for 3-4s: children already counted, each needs one more 15-hour place.
        let thirty = Entitlement(
            name: "t", age: .threeFour, kind: .extraHours, eligibleShare: 0.4, takeUp: .constant(1),
            hours: .constant(30))
        #expect(isClose(thirty.places(children: 100, year: AcademicYear(2025)), 100))
    }

    @Test("sufficiency by area: Reception taken out, 30-hour places count 2, no offsetting across areas")
    func sufficiency() throws {
        // Level births: A 1200 a year, B 600. 3-4s: A 2400, B 1200; two thirds not in Reception.
        let births: @Sendable (String, Int) -> Double? = { area, year in
            year <= 2020 ? (area == "A" ? 1200 : 600) : nil
        }
        var settings = EarlyYearsSettings()
        settings.entitlements = []
        let forecaster = EarlyYearsForecaster(areas: [("A", "L"), ("B", "L")], births: births, settings: settings)
        // 2020: 3240 funded of 3600 on births = 0.9.
        let history = EarlyYearsHistory([
            "L": [AcademicYear(2020): EarlyYearsCount(funded2: nil, percent2: nil, funded34: 3240, percent34: 95)]
        ])
        let providers = [
            EarlyYearsProvider(
                id: "X", name: "X", areaCode: "A", type: .pvi, placesUnder2: 0, places2: 0, places34: 1000,
                hoursPerWeek: 30),
            EarlyYearsProvider(
                id: "Y", name: "Y", areaCode: "B", type: .schoolNursery, placesUnder2: 0, places2: 0, places34: 600,
                hoursPerWeek: 15),
        ]
        let result = try forecaster.forecast(history, providers: providers, horizon: 1)
        func row(_ area: String) throws -> EarlyYearsRow {
            try #require(result.rows.first { $0.areaCode == area && $0.age == .threeFour })
        }
        let a = try row("A")
        // A: 2400 × 0.9 = 2160 funded, 720 in Reception, 1440 needing places; 1000 30-hour places = 2000.
        #expect(isClose(a.fundedTrend, 2160) && isClose(a.receptionChildren, 720) && isClose(a.demand, 1440))
        #expect(isClose(a.places, 2000) && isClose(a.surplusPercent, 28) && a.status == .excess)
        let b = try row("B")
        // B: 1080 funded, 360 in Reception, 720 for 600 places: 120 short.
        #expect(isClose(b.demand, 720) && isClose(b.surplus, -120) && b.status == .shortfall)
        let la = try row("L")
        // The LA has 440 spare places overall, but B's 120 short are not offset.
        #expect(la.isLATotal && isClose(la.surplus, 440) && la.areasShort == 1 && isClose(la.placesShort, 120))
        #expect(la.status == .areasShort)
        // Without a 2-year-old count there is no 2-year-old row; under-2s come from entitlements only (none here).
        #expect(!result.rows.contains { $0.age == .two })
        #expect(result.rows.filter { $0.age == .underTwo && $0.areaCode == "A" }.allSatisfy { $0.demand == 0 })
    }

    @Test("2-year-olds: the eligible share implied by funded ÷ per cent ÷ population, held; settable")
    func twoYearOlds() throws {
        let births: @Sendable (String, Int) -> Double? = { _, year in year <= 2020 ? 1000 : nil }
        var settings = EarlyYearsSettings()
        settings.entitlements = []
        // 2020: 200 funded = 80% of 250 eligible, of 1000 2-year-olds: eligible share 0.25.
        let history = EarlyYearsHistory([
            "L": [
                AcademicYear(2020): EarlyYearsCount(funded2: 200, percent2: 80, funded34: 1800, percent34: 90)
            ]
        ])
        let implied = try EarlyYearsForecaster(areas: [("L", "L")], births: births, settings: settings)
            .forecast(history, providers: [], horizon: 1)
        let two = try #require(implied.rows.first { $0.age == .two })
        #expect(isClose(two.eligibleShare, 0.25) && isClose(two.takeUp, 0.8) && isClose(two.fundedTrend, 200))
        settings.twoYearEligibleShare = 0.4
        let set = try EarlyYearsForecaster(areas: [("L", "L")], births: births, settings: settings)
            .forecast(history, providers: [], horizon: 1)
        #expect(isClose(set.rows.first { $0.age == .two }?.fundedTrend, 320))
        // A scenario lowering take-up by 10%: 200 → 180.
        settings.twoYearEligibleShare = nil
        settings.takeUpChangePercent = -10
        let lower = try EarlyYearsForecaster(areas: [("L", "L")], births: births, settings: settings)
            .forecast(history, providers: [], horizon: 1)
        #expect(isClose(lower.rows.first { $0.age == .two }?.fundedTrend, 180))
    }

    @Test("backtest cells: the naive count held and auto on a steady take-up, scored 1 and 2 years ahead")
    func backtest() {
        // Level births 1000 (3-4 population 2000); funded 1800, 1820, 1840, 1860 in 2017-2020.
        let births: @Sendable (String, Int) -> Double? = { _, _ in 1000 }
        var counts: [AcademicYear: EarlyYearsCount] = [:]
        for (offset, funded) in [1800.0, 1820, 1840, 1860].enumerated() {
            counts[AcademicYear(2017 + offset)] = EarlyYearsCount(
                funded2: nil, percent2: nil, funded34: funded, percent34: nil)
        }
        let cells = EarlyYearsBacktest.run(
            EarlyYearsHistory(["L": counts]), births: births, origins: [AcademicYear(2018)], horizons: 1...2)
        let naive = cells.filter { $0.method == "naive" }
        #expect(naive.map(\.forecast) == [1820, 1820] && naive.map(\.actual) == [1840, 1860])
        let last = cells.first { $0.method == "last" && $0.horizon == 2 }
        #expect(isClose(last?.forecast, 1820))
        #expect(isClose(cells.first { $0.method == "naive" && $0.horizon == 1 }?.percentError, -100 * 20 / 1840.0))
    }
}
