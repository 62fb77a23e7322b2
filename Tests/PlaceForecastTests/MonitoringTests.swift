import Foundation
import Testing

@testable import PlaceForecast

/// Two areas: Alpha (A) with Reception, Year 1, Year 2 and Year 7, Beta (B) with Reception and Year 12; origin
/// 2021/22, compared in 2022/23. Every number below is worked by hand.
enum MonitoringCase {
    static let alpha = Area(code: "A", name: "Alpha")
    static let beta = Area(code: "B", name: "Beta")
    static let gamma = Area(code: "C", name: "Gamma")
    static let la = Area(code: "E06000099", name: "All areas")

    static func cell(
        _ area: Area, _ year: Int, _ group: String, _ pupils: Double, _ i80: ClosedRange<Double>?,
        _ i95: ClosedRange<Double>?
    ) -> PublishedForecastCell {
        PublishedForecastCell(
            area: area, year: AcademicYear(year), yearGroup: YearGroup(label: group)!, pupils: pupils,
            interval80: i80, interval95: i95)
    }

    static let forecast = [
        cell(alpha, 2022, "R", 100, 95...105, 90...110),  // actual 104: inside both
        cell(alpha, 2022, "1", 50, 48...52, 45...55),  // actual 53: outside 80%, inside 95%
        cell(alpha, 2022, "2", 60, 55...65, 50...70),  // no census figure: left out on both sides
        cell(alpha, 2022, "7", 200, 190...210, 180...220),  // actual 190: on the 80% bound, inside
        cell(beta, 2022, "R", 80, 76...84, 72...88),  // actual 70: outside both
        cell(beta, 2022, "12", 30, nil, nil),  // actual 30: no interval
        cell(alpha, 2023, "R", 101, 90...110, 85...115),  // 2023/24: not in the census
    ]

    /// Census 2021/22 and 2022/23; C is not in the forecast.
    static var census: CohortTable {
        func history(_ area: Area, _ values: [String: Double]) -> CohortTable.AreaHistory {
            var year: [Double?] = Array(repeating: nil, count: YearGroup.all.count)
            for (label, value) in values { year[YearGroup(label: label)!.index] = value }
            return CohortTable.AreaHistory(area: area, firstYear: AcademicYear(2021), counts: [year, year])
        }
        return CohortTable(histories: [
            history(alpha, ["R": 104, "1": 53, "7": 190]),
            history(beta, ["R": 70, "12": 30]),
            history(gamma, ["R": 10]),
        ])
    }

    static func result() throws -> MonitoringResult {
        try Monitoring.compare(forecast: forecast, origin: AcademicYear(2021), census: census, la: la)
    }
}

private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

@Suite("Annual monitoring: last year's forecast against the census")
struct MonitoringTests {
    @Test("cells: error = forecast − actual, % of actual, inside the 80% and 95% intervals (bounds included)")
    func cells() throws {
        let result = try MonitoringCase.result()
        #expect(result.years == [AcademicYear(2022)])
        #expect(result.cellsWithoutActual == 1)
        #expect(result.censusAreasNotForecast == [MonitoringCase.gamma])
        #expect(result.forecastAreasNotInCensus.isEmpty)
        let byKey = Dictionary(uniqueKeysWithValues: result.cells.map { ("\($0.area.code)\($0.yearGroup.label)", $0) })
        #expect(byKey.keys.sorted() == ["A1", "A7", "AR", "B12", "BR"])
        let aR = try #require(byKey["AR"])
        #expect(aR.error == -4 && close(aR.errorPercent, -4.0 / 104 * 100))
        #expect(aR.inside80 == true && aR.inside95 == true && aR.horizon == 1)
        #expect(byKey["A1"]?.inside80 == false && byKey["A1"]?.inside95 == true)
        #expect(byKey["A7"]?.error == 10 && byKey["A7"]?.inside80 == true)
        #expect(byKey["BR"]?.error == 10 && byKey["BR"]?.inside80 == false && byKey["BR"]?.inside95 == false)
        #expect(close(byKey["BR"]?.errorPercent, 10.0 / 70 * 100))
        #expect(byKey["B12"]?.inside80 == nil && byKey["B12"]?.error == 0)
    }

    @Test("area and LA totals by phase: sums, sum-of-bounds intervals, cell and area hit counts")
    func totals() throws {
        let result = try MonitoringCase.result()
        #expect(
            result.totals.map { "\($0.level.rawValue) \($0.area.code) \($0.phase.rawValue)" } == [
                "area A primary", "area A secondary", "area B primary", "area B sixth_form",
                "la E06000099 primary", "la E06000099 secondary", "la E06000099 sixth_form",
            ])
        let aPrimary = result.totals[0]
        // R + 1 (Year 2 has no census figure): 150 against 157; bounds 95+48 … 105+52, 90+45 … 110+55.
        #expect(aPrimary.forecast == 150 && aPrimary.actual == 157 && aPrimary.error == -7)
        #expect(close(aPrimary.errorPercent, -7.0 / 157 * 100))
        #expect(aPrimary.interval80 == 143...157 && aPrimary.inside80 == true)
        #expect(aPrimary.interval95 == 135...165 && aPrimary.inside95 == true)
        #expect(aPrimary.cells == 2 && aPrimary.cellsWithInterval80 == 2 && aPrimary.cellsInside80 == 1)
        #expect(aPrimary.cellsInside95 == 2)
        let bPrimary = result.totals[2]
        #expect(bPrimary.inside80 == false && bPrimary.inside95 == false && bPrimary.areasInside80 == 0)
        let bSixth = result.totals[3]
        #expect(bSixth.interval80 == nil && bSixth.inside80 == nil && bSixth.areasWithInterval80 == 0)

        let laPrimary = try #require(result.laTotal(.primary, AcademicYear(2022)))
        // A R, A 1, B R: 230 against 227, error +3 (+1.32%); bounds 219 … 241 and 207 … 253.
        #expect(laPrimary.area == MonitoringCase.la)
        #expect(laPrimary.forecast == 230 && laPrimary.actual == 227 && laPrimary.error == 3)
        #expect(close(laPrimary.errorPercent, 3.0 / 227 * 100))
        #expect(laPrimary.interval80 == 219...241 && laPrimary.interval95 == 207...253)
        #expect(laPrimary.inside80 == true)
        #expect(laPrimary.cells == 3 && laPrimary.cellsInside80 == 1 && laPrimary.cellsInside95 == 2)
        #expect(laPrimary.areas == 2 && laPrimary.areasWithInterval80 == 2 && laPrimary.areasInside80 == 1)
        #expect(laPrimary.areasInside95 == 1)
        let laSixth = try #require(result.laTotal(.sixthForm, AcademicYear(2022)))
        #expect(laSixth.error == 0 && laSixth.errorPercent == 0 && laSixth.interval80 == nil)
    }

    @Test("the DfE-style 1-year figure: LA-level % error of primary and secondary, sixth form not scored")
    func scorecard() throws {
        let figures = try MonitoringCase.result().scorecard(horizon: 1)
        #expect(figures.map(\.phase) == [.primary, .secondary])
        #expect(close(figures[0].errorPercent, 3.0 / 227 * 100))
        #expect(close(figures[1].errorPercent, 10.0 / 190 * 100))
        #expect(figures.allSatisfy { $0.year == AcademicYear(2022) && $0.horizon == 1 })
        #expect(try MonitoringCase.result().scorecard(horizon: 3).isEmpty)
    }

    @Test("no year in both, or no forecast at all, is an error naming the years")
    func errors() {
        let later = MonitoringCase.forecast.filter { $0.year == AcademicYear(2023) }
        #expect(throws: MonitoringError.self) {
            try Monitoring.compare(
                forecast: later, origin: AcademicYear(2022), census: MonitoringCase.census, la: MonitoringCase.la)
        }
        do throws(MonitoringError) {
            _ = try Monitoring.compare(
                forecast: later, origin: AcademicYear(2022), census: MonitoringCase.census, la: MonitoringCase.la)
        } catch {
            #expect(error.message.contains("2023/24 to 2023/24") && error.message.contains("2021/22 to 2022/23"))
        }
        #expect(throws: MonitoringError.emptyForecast) {
            try Monitoring.compare(
                forecast: [], origin: AcademicYear(2021), census: MonitoringCase.census, la: MonitoringCase.la)
        }
    }
}
