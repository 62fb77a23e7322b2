import Foundation
import TestSupport
import Testing

@testable import PlaceForecast

/// A hand-made LA, 2015–2020: primary R–6 at 100 a year group (110 in 2020), secondary 7–11 at 50 (40 in 2020).
private func handMade() -> CohortTable.AreaHistory {
    var years: [Int: [String: Double]] = [:]
    for year in 2015...2020 {
        var row: [String: Double] = [:]
        for group in ["R", "1", "2", "3", "4", "5", "6"] { row[group] = year == 2020 ? 110 : 100 }
        for group in 7...11 { row[String(group)] = year == 2020 ? 40 : 50 }
        years[year] = row
    }
    return cohortTable(["A": years])["A"]!
}

/// Births 2014 = 125 (Reception 2018), 2015 = 100 (2019), 2016 = 100 (2020).
private let births = BirthSeries(["A": [2014: 125, 2015: 100, 2016: 100]])

@Suite("Comparator measures on a hand-made table")
struct CompareMeasureTests {
    @Test("5-year trend: primary 700 -> 770 is +10%, secondary 250 -> 200 is -20%")
    func trend() {
        let history = handMade()
        let origin = AcademicYear(2020)
        #expect(isClose(ComparatorMeasures.trend(history, PlanningRules.primaryYearGroups, origin: origin), 10))
        #expect(isClose(ComparatorMeasures.trend(history, PlanningRules.secondaryYearGroups, origin: origin), -20))
        // 2014 is before the history: no trend.
        #expect(ComparatorMeasures.trend(history, PlanningRules.primaryYearGroups, origin: AcademicYear(2019)) == nil)
    }

    @Test("Reception/births(Y-4): 110/100 = 1.1 in 2020; 3-year mean (100/125 + 100/100 + 110/100)/3 = 0.9667")
    func receptionBirths() {
        let history = handMade()
        #expect(
            isClose(ComparatorMeasures.receptionBirthsRatio(history, births: births, year: AcademicYear(2020)), 1.1))
        #expect(
            isClose(ComparatorMeasures.receptionBirthsRatio(history, births: births, year: AcademicYear(2018)), 0.8))
        #expect(
            isClose(
                ComparatorMeasures.meanReceptionBirthsRatio(history, births: births, through: AcademicYear(2020)),
                2.9 / 3))
        // Births of 2013 are missing, so the mean to 2019 is not there.
        #expect(
            ComparatorMeasures.meanReceptionBirthsRatio(history, births: births, through: AcademicYear(2019)) == nil)
    }

    @Test("EHC plans: 50 per 2,000 pupils is 25 per 1,000; 100 -> 133.1 over 3 years is 10% a year")
    func ehcp() {
        #expect(isClose(ComparatorMeasures.ratePerThousand(plans: 50, pupils: 2000), 25))
        #expect(ComparatorMeasures.ratePerThousand(plans: 50, pupils: 0) == nil)
        #expect(isClose(ComparatorMeasures.annualGrowth(from: 100, to: 133.1, years: 3), 10))
        // All measures together: plans 133.1 in 2020 over pupils R-11 970 (770 + 200).
        let values = ComparatorMeasures.measures(
            history: handMade(), births: births, origin: AcademicYear(2020), forecast: nil, backtest: [],
            plans: [AcademicYear(2017): 100, AcademicYear(2020): 133.1], ehcpYear: AcademicYear(2020))
        #expect(isClose(values[.ehcpRate], 1000 * 133.1 / 970))
        #expect(isClose(values[.ehcpGrowth], 10))
        #expect(isClose(values[.primaryTrend], 10))
        #expect(values[.primaryProjected] == nil)
        #expect(values[.primaryAccuracy] == nil)
    }

    @Test("backtest accuracy: errors +1%, -3%, +2% have median absolute error 2%")
    func backtestMedian() {
        let area = Area(code: "A", name: "A")
        let cells = [(2017, 101.0), (2018, 97.0), (2019, 102.0)].map { origin, forecast in
            BacktestCell(
                method: "auto", area: area, level: .phaseTotal(.primary), origin: AcademicYear(origin), horizon: 1,
                forecast: forecast, actual: 100)
        }
        #expect(isClose(ComparatorMeasures.medianAbsolutePercentError(cells), 2))
        let values = ComparatorMeasures.measures(
            history: handMade(), births: births, origin: AcademicYear(2020), forecast: nil, backtest: cells,
            plans: nil, ehcpYear: nil)
        #expect(isClose(values[.primaryAccuracy], 2))
        #expect(values[.secondaryAccuracy] == nil)
    }

    @Test("group summary: median of 3, 1, 2, 10 is 2.5, range 1 to 10, missing values left out")
    func groupSummary() {
        let summary = GroupSummary([3, nil, 1, 2, 10])
        #expect(summary == GroupSummary([1, 2, 3, 10]))
        #expect(summary?.median == 2.5)
        #expect(summary?.minimum == 1)
        #expect(summary?.maximum == 10)
        #expect(summary?.count == 4)
        #expect(GroupSummary([nil]) == nil)
    }

    @Test("the comparison's groups: LA, neighbours' median and range, core cities, England over stable LAs")
    func comparisonSummary() {
        let area = { (code: String) in Area(code: code, name: code) }
        let trend: [String: Double] = ["A": 0, "B": 1, "C": 3, "D": 10, "E": -50]
        let comparison = Comparison(
            la: area("A"), origin: AcademicYear(2020), ehcpYear: nil, backtestOrigins: nil,
            members: ["A", "B", "C", "D", "E"].map {
                Comparison.Member(area: area($0), stable: $0 != "E", groups: [])
            },
            values: trend.mapValues { [.primaryTrend: $0] }, neighbours: [area("B"), area("C")],
            coreCities: [area("C"), area("D")], nearest: [])
        let summary = comparison.summary(.primaryTrend)
        #expect(summary.la == 0)
        #expect(summary.neighbours == GroupSummary([1, 3]))
        #expect(summary.neighbours?.median == 2)
        #expect(summary.coreCities?.median == 6.5)
        // England: A, B, C, D (E is not stable): median of 0, 1, 3, 10 = 2.
        #expect(summary.england?.median == 2)
        #expect(summary.england?.count == 4)
        #expect(comparison.summary(.ehcpRate).la == nil)
    }

    @Test("similarity: Euclidean distance on z-scores; sd of 0, 1, 3, 10 is sqrt(61/3)")
    func similarity() {
        let values: [String: [ComparisonMeasure: Double]] = [
            "A": [.primaryTrend: 0], "B": [.primaryTrend: 1], "C": [.primaryTrend: 3], "D": [.primaryTrend: 10],
            "X": [:],
        ]
        let nearest = Similarity.nearest(
            to: "A", values: values, population: ["A", "B", "C", "D", "X"], measures: [.primaryTrend], count: 2)
        let sd = (61.0 / 3).squareRoot()
        #expect(nearest.map(\.code) == ["B", "C"])
        #expect(isClose(nearest[0].distance, 1 / sd))
        #expect(isClose(nearest[1].distance, 3 / sd))
    }
}
