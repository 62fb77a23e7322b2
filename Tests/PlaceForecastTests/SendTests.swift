import Foundation
import Testing

@testable import PlaceForecast

private func years(_ values: [Int: Double]) -> [AcademicYear: Double] {
    Dictionary(uniqueKeysWithValues: values.map { (AcademicYear($0.key), $0.value) })
}

@Suite("SEND: EHC plan projections and specialist places")
struct SendTests {
    @Test("prevalence: a log-linear trend in plans per pupil times the projected pupils")
    func prevalence() throws {
        // Plans grow 10% a year on a constant 1,000 pupils: prevalence 1%, 1.1%, 1.21%.
        let caseload = EHCPCaseload(bands: [:], totals: ["A": years([2016: 10, 2017: 11, 2018: 12.1])])
        let pupils: (String, AcademicYear) -> Double? = { _, year in year.startYear <= 2018 ? 1000 : 1100 }
        let plans = try #require(
            SendForecaster(method: .prevalence(window: 3, damping: 1))
                .totals(caseload, origin: AcademicYear(2018), horizon: 2, pupils: pupils)["A"])
        #expect(isClose(plans[0], 12.1 * 1.1 * 1.1, 1e-9))  // prevalence 1.331% × 1,100 pupils
        #expect(isClose(plans[1], 12.1 * 1.1 * 1.1 * 1.1, 1e-9))
        // Damping 0.5 halves the first step's growth in prevalence: exp(ln 1.1 × 0.5).
        let damped = try #require(
            SendForecaster(method: .prevalence(window: 3, damping: 0.5))
                .totals(caseload, origin: AcademicYear(2018), horizon: 1, pupils: pupils)["A"])
        #expect(isClose(damped[0], 0.0121 * exp(log(1.1) * 0.5) * 1100, 1e-9))
    }

    @Test("flow: stock × continuation + new plans, both estimated from history")
    func flow() throws {
        // Stock 100, 110, 120 (2016-18); new plans made in 2016 and 2017: 20 and 22.
        let caseload = EHCPCaseload(
            bands: [:], totals: ["A": years([2016: 100, 2017: 110, 2018: 120])],
            newPlans: ["A": years([2016: 20, 2017: 22])])
        let plans = try #require(
            SendForecaster(method: .flow(window: 2))
                .totals(caseload, origin: AcademicYear(2018), horizon: 2, pupils: { _, _ in nil })["A"])
        // Continuation: mean of (110 − 20)/100 and (120 − 22)/110; new plans grow 10% a year from 22.
        let continuation = (0.9 + 98.0 / 110) / 2
        #expect(isClose(plans[0], 120 * continuation + 24.2, 1e-9))
        #expect(isClose(plans[1], (120 * continuation + 24.2) * continuation + 26.62, 1e-9))
    }

    @Test("growth and pooled growth: an area's rate, and the rate of all areas together")
    func growth() throws {
        let caseload = EHCPCaseload(
            bands: [:],
            totals: [
                "A": years([2017: 100, 2018: 110]),
                "B": years([2017: 300, 2018: 300]),
            ])
        let own = SendForecaster(method: .growth(window: 1)).totals(
            caseload, origin: AcademicYear(2018), horizon: 2,
            pupils: { _, _ in nil })
        #expect(isClose(own["A"]?[1], 110 * 1.1 * 1.1))
        #expect(isClose(own["B"]?[1], 300))
        // Pooled: 410 / 400 − 1 = 2.5% for both.
        let pooled = SendForecaster(method: .pooledGrowth(window: 1, weight: 1))
            .totals(caseload, origin: AcademicYear(2018), horizon: 1, pupils: { _, _ in nil })
        #expect(isClose(pooled["A"]?[0], 110 * 1.025))
        #expect(isClose(pooled["B"]?[0], 300 * 1.025))
    }

    @Test("auto sees only counts up to the origin")
    func autoNoLeakage() {
        var totals: [String: [AcademicYear: Double]] = [:]
        for (index, area) in ["A", "B", "C"].enumerated() {
            totals[area] = years(
                Dictionary(
                    uniqueKeysWithValues: (2010...2019).map {
                        ($0, Double(100 + 10 * index) * pow(1.05 + 0.01 * Double(index), Double($0 - 2010)))
                    }))
        }
        let caseload = EHCPCaseload(bands: [:], totals: totals)
        var changed = totals
        for area in changed.keys { for year in (2017...2019).map(AcademicYear.init) { changed[area]![year]! *= 3 } }
        let forecaster = SendForecaster(method: .standardAuto)
        let before = forecaster.totals(caseload, origin: AcademicYear(2016), horizon: 3, pupils: { _, _ in nil })
        let after = forecaster.totals(
            EHCPCaseload(bands: [:], totals: changed), origin: AcademicYear(2016), horizon: 3,
            pupils: { _, _ in nil })
        #expect(before == after)
    }

    @Test("a backtest forecast uses neither plans nor pupils after its origin; a change at the origin moves it")
    func backtestNoLeakageWithPupils() throws {
        // Plans per pupil rise steadily on growing rolls, so prevalence (which needs pupils) is exercised.
        func plans(_ index: Int, _ year: Int) -> Double { Double(50 + 10 * index) * pow(1.06, Double(year - 2010)) }
        @Sendable func roll(_ index: Int, _ year: Int) -> Double {
            Double(10_000 + 2_000 * index) * pow(1.01, Double(year - 2010))
        }
        let areas = ["A", "B", "C"]
        func caseload(_ factor: (Int) -> Double) -> EHCPCaseload {
            EHCPCaseload(
                bands: [:],
                totals: Dictionary(
                    uniqueKeysWithValues: areas.enumerated().map { index, area in
                        let counts = (2010...2019).map { ($0, plans(index, $0) * factor($0)) }
                        return (area, years(Dictionary(uniqueKeysWithValues: counts)))
                    }))
        }
        func pupils(_ factor: @escaping @Sendable (Int) -> Double) -> @Sendable (String, AcademicYear) -> Double? {
            { area, year in roll(["A", "B", "C"].firstIndex(of: area)!, year.startYear) * factor(year.startYear) }
        }
        let origin = 2016
        let methods: [SendMethod] = [.prevalence(window: 5, damping: 0.8), .standardAuto]
        func forecasts(
            _ load: EHCPCaseload,
            _ roll: @escaping @Sendable (String, AcademicYear) -> Double?
        ) -> [Double] {
            SendBacktest.run(load, methods: methods, origins: [AcademicYear(origin)], horizons: 1...3, pupils: roll)
                .map(\.forecast)
        }
        let base = forecasts(caseload { _ in 1 }, pupils { _ in 1 })
        #expect(base.count == 2 * 3 * 3)
        // Plans and pupils after the origin tripled and halved: every forecast unchanged.
        let later = forecasts(caseload { $0 > origin ? 3 : 1 }, pupils { $0 > origin ? 0.5 : 1 })
        #expect(later == base)
        // The control: pupils at the origin changed move the prevalence forecasts; plans at the origin move all.
        let pupilsAtOrigin = forecasts(caseload { _ in 1 }, pupils { $0 == origin ? 0.9 : 1 })
        #expect(pupilsAtOrigin[0] != base[0])
        let plansAtOrigin = forecasts(caseload { $0 == origin ? 1.2 : 1 }, pupils { _ in 1 })
        #expect(zip(plansAtOrigin, base).allSatisfy { $0 != $1 })
    }

    @Test("bands split the total by the origin's shares; specialist places split by setting and apportioned by pupils")
    func settingsAndApportionment() throws {
        let caseload = EHCPCaseload(
            bands: ["LA": [AcademicYear(2019): [.age5to10: 60, .age11to15: 40]]],
            totals: ["LA": [AcademicYear(2019): 100]])
        let rows = SendPlanning.rows(
            totals: ["LA": [200]], caseload: caseload, origin: AcademicYear(2019), intervals: nil)
        #expect(rows.first { $0.band == .age5to10 }?.plans == 120)
        #expect(rows.first { $0.band == .age11to15 }?.plans == 80)
        #expect(rows.first { $0.band == nil }?.plans == 200)
        let areas = [
            PlanningArea(code: "P1", name: "", phase: .primary, laCode: "LA"),
            PlanningArea(code: "P2", name: "", phase: .primary, laCode: "LA"),
            PlanningArea(code: "S1", name: "", phase: .secondary, laCode: "LA"),
        ]
        // P1 has 3 times P2's primary pupils.
        let pupils: (String, AcademicYear, YearGroup) -> Double = { area, _, _ in area == "P1" ? 30 : 10 }
        let shares: [AgeBand: SettingShares] = [
            .age5to10: SettingShares(mainstream: 0.5, resourced: 0.1, special: 0.3, independent: 0.1)
        ]
        let special = [School(id: "X", name: "", phase: .special, areaCode: "P1", pan: 0, netCapacity: 50)]
        let places = SendPlanning.specialistPlaces(
            rows, shares: shares, areas: areas, pupils: pupils, specialSchools: special)
        let laPrimary = try #require(places.first { $0.areaCode == "LA" && $0.phase == .primary })
        #expect(isClose(laPrimary.specialistPlaces, 120 * 0.5))
        #expect(isClose(laPrimary.specialSchoolPlaces, 36))
        #expect(isClose(laPrimary.outOfAreaPlaces, 12))
        let p1 = try #require(places.first { $0.areaCode == "P1" && $0.phase == .primary })
        let p2 = try #require(places.first { $0.areaCode == "P2" && $0.phase == .primary })
        #expect(isClose(p1.plans, 90) && isClose(p2.plans, 30))
        #expect(isClose(p1.specialistPlaces + p2.specialistPlaces, laPrimary.specialistPlaces))
        // Secondary (default shares: 40% special) all goes to S1, the only secondary area.
        #expect(isClose(places.first { $0.areaCode == "S1" && $0.phase == .secondary }?.specialSchoolPlaces, 80 * 0.4))
        // All phases: 36 + 32 = 68 special-school places needed against 50: short by 18 LA-wide; P1 holds the school.
        let all = try #require(places.first { $0.areaCode == "LA" && $0.phase == nil })
        #expect(isClose(all.specialSchoolSurplus, 50 - 68))
        #expect(isClose(places.first { $0.areaCode == "P1" && $0.phase == nil }?.specialSchoolSurplus, 50 - 27))
        #expect(isClose(places.first { $0.areaCode == "S1" && $0.phase == nil }?.specialSchoolSurplus, -32))
    }
}
