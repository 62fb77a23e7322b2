import Foundation
import Testing

@testable import PlaceForecast

/// A primary LA-total cell of `method` for `area`, from origin 2020 (2020/21) one year ahead unless told.
private func cell(
    _ area: String, forecast: Double, actual: Double, method: String = "auto",
    level: BacktestLevel = .phaseTotal(.primary), origin: Int = 2020, horizon: Int = 1
) -> BacktestCell {
    BacktestCell(
        method: method, area: Area(code: area, name: area), level: level, origin: AcademicYear(origin),
        horizon: horizon, forecast: forecast, actual: actual)
}

/// A primary score of `area` for 2021/22, 1 year ahead (scorecard column 1), `error` as a proportion.
private func score(_ area: String, _ error: Double, target: Int = 2021, column: Int = 1) -> LAScore {
    let year = AcademicYear(target)
    return LAScore(
        areaCode: area, target: year, phase: .primary, horizon: Scorecards.horizon(column: column, target: year),
        column: column, error: error)
}

@Suite("Against the LAs' own forecasts (DfE scorecards)")
struct ScorecardsTests {
    /// Three LAs, target 2021/22, primary, 1 year ahead (origin 2020):
    ///
    /// | LA | forecast / actual | ours (%)            | LA's own (%) | closer?               |
    /// |----|-------------------|---------------------|--------------|-----------------------|
    /// | A  | 1010 / 1000       | 1010/1000 − 1 = +1  | +2           | ours (1 < 2)          |
    /// | B  | 1940 / 2000       | 1940/2000 − 1 = −3  | −4           | ours (3 < 4)          |
    /// | C  | 495 / 500         | 495/500 − 1 = −1    | +1           | tie (1 = 1): not beaten |
    ///
    /// Ours |error| 1, 3, 1 → median 1; LAs' |error| 2, 4, 1 → median 2. Signed: ours +1, −3, −1 → median −1;
    /// LAs' +2, −4, +1 → median +1. Beaten 2 of 3 (share 2/3), 1 tie.
    /// Left out: D has no score, E's actual is 0, a single year group of A, and A's secondary (no score).
    @Test("three LAs by hand: medians, share beaten, a tie not counted as beaten")
    func handComputed() throws {
        let cells = [
            cell("A", forecast: 1010, actual: 1000), cell("B", forecast: 1940, actual: 2000),
            cell("C", forecast: 495, actual: 500), cell("D", forecast: 800, actual: 700),
            cell("E", forecast: 10, actual: 0),
            cell("A", forecast: 150, actual: 100, level: .yearGroup(.reception)),
            cell("A", forecast: 900, actual: 1000, level: .phaseTotal(.secondary)),
        ]
        let scores = [score("A", 0.02), score("B", -0.04), score("C", 0.01), score("E", 0.01)]
        let rows = Scorecards.compare(cells, with: scores)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.method == "auto" && row.target == AcademicYear(2021) && row.phase == .primary)
        #expect(row.horizon == 1 && row.column == 1 && row.origin == AcademicYear(2020))
        #expect(row.compared.map(\.areaCode) == ["A", "B", "C"])
        #expect(abs(row.ourMedianAbsolute - 1) < 1e-9)
        #expect(abs(row.laMedianAbsolute - 2) < 1e-9)
        #expect(abs(row.ourMedianSigned - -1) < 1e-9)
        #expect(abs(row.laMedianSigned - 1) < 1e-9)
        #expect(row.beaten == 2 && row.ties == 1)
        #expect(abs(row.shareBeaten - 2.0 / 3) < 1e-12)
    }

    /// The 3-year column of 2022/23 is DfE's 2-year score (SCAP 2020 cancelled): it meets forecasts from origin
    /// 2020 two years ahead. With two targets the targets are also pooled per column: A's 2021/22 3-year
    /// (ours +1 vs +3) and 2022/23 2-year (ours −2 vs −1) → ours |error| 1, 2 → median 1.5; LAs' 3, 1 → 2; beaten 1.
    @Test("2022/23's 3-year column is 2 years ahead; targets pooled by column")
    func twoYearColumnAndPooling() throws {
        #expect(Scorecards.horizon(column: 3, target: AcademicYear(2022)) == 2)
        #expect(Scorecards.horizon(column: 3, target: AcademicYear(2021)) == 3)
        #expect(Scorecards.horizon(column: 1, target: AcademicYear(2022)) == 1)
        let cells = [
            cell("A", forecast: 101, actual: 100, origin: 2018, horizon: 3),
            cell("A", forecast: 98, actual: 100, origin: 2020, horizon: 2),
            cell("A", forecast: 50, actual: 100, origin: 2019, horizon: 3),  // 2022/23 3 years ahead: no score
        ]
        let scores = [score("A", 0.03, target: 2021, column: 3), score("A", -0.01, target: 2022, column: 3)]
        let rows = Scorecards.compare(cells, with: scores)
        #expect(rows.map(\.target) == [AcademicYear(2021), AcademicYear(2022), nil])
        #expect(rows.map(\.horizon) == [3, 2, nil])
        let pooled = try #require(rows.last)
        #expect(pooled.count == 2 && pooled.origin == nil && pooled.column == 3)
        #expect(abs(pooled.ourMedianAbsolute - 1.5) < 1e-9 && abs(pooled.laMedianAbsolute - 2) < 1e-9)
        #expect(pooled.beaten == 1)
    }

    @Test("the scores no cell forecasts are named with the origin they need")
    func uncovered() {
        let scores = [score("A", 0.01), score("A", 0.02, column: 3), score("A", 0.01, target: 2022, column: 3)]
        let missing = Scorecards.uncovered(scores, by: [cell("A", forecast: 1, actual: 1)])
        #expect(missing.map(\.target) == [AcademicYear(2021), AcademicYear(2022)])
        #expect(missing.map(\.horizon) == [3, 2])
    }
}
