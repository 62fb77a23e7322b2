import Testing

@testable import PlaceForecast

/// Area A, 2015/16–2019/20, 100 pupils in every year group R–6, 105 births in every year: nothing to warn about.
private func steadyArea(editing edit: (inout [[Double?]]) -> Void = { _ in }) -> CohortTable {
    var counts = Array(repeating: (0...14).map { $0 <= 6 ? Double?(100) : nil }, count: 5)
    edit(&counts)
    return CohortTable(histories: [
        CohortTable.AreaHistory(area: Area(code: "A", name: "Alpha"), firstYear: AcademicYear(2015), counts: counts)
    ])
}

private let steadyBirths = BirthSeries(["A": Dictionary(uniqueKeysWithValues: (2009...2015).map { ($0, 105.0) })])

@Suite("Plausibility warnings on hand-made histories")
struct PlausibilityTests {
    @Test("a steady area gives no warning")
    func steady() {
        #expect(Plausibility.findings(ForecastInputs(pupils: steadyArea(), births: steadyBirths)).isEmpty)
    }

    @Test("a year group typed ten times too large is an outlier, and both survival steps through it are flagged")
    func typo() {
        let pupils = steadyArea { $0[2][3] = 1000 }  // 2017/18 Year 3
        let findings = Plausibility.findings(ForecastInputs(pupils: pupils, births: steadyBirths))
        #expect(
            findings.map(\.description) == [
                "pupils.csv: area A, 2017/18 Year 3: 1000 pupils, far from the area's other years (median 100). "
                    + "Check the row",
                "pupils.csv: area A: 100 in Year 2 in 2016/17 became 1000 in Year 3 in 2017/18 (ratio 10; expected "
                    + "0.85 to 1.15). Check both rows",
                "pupils.csv: area A: 1000 in Year 3 in 2017/18 became 100 in Year 4 in 2018/19 (ratio 0.1; expected "
                    + "0.85 to 1.15). Check both rows",
            ])
    }

    @Test("a 14% move is within the usual range; a 16% move is not")
    func survivalThreshold() {
        let within = steadyArea { $0[3][4] = 114 }  // 2018/19 Year 4 from 100 in Year 3
        #expect(Plausibility.survival(within.histories[0]).isEmpty)
        let beyond = steadyArea { $0[3][4] = 116 }
        #expect(Plausibility.survival(beyond.histories[0]).count == 1)
    }

    @Test("births attached to the wrong year: the Reception ratio breaks from the area's own, though within 0.3–1.5")
    func receptionRatio() {
        var births = steadyBirths.byArea
        births["A"]![2013] = 200  // feeds Reception in 2017/18: 100 / 200 = 0.5, against 0.95 in the other years
        let findings = Plausibility.reception(steadyArea().histories[0], births: BirthSeries(births))
        #expect(
            findings.map(\.message) == [
                "area A: 100 in Reception in 2017/18 from 200 births in 2013 (ratio 0.5; expected within 15% of the "
                    + "area's other years, median 0.95). Check these births, and the Reception count in the pupils file"
            ])
    }

    @Test("a school with more on roll than its net capacity, and a PAN change to the PAN it has")
    func supply() throws {
        let school = School(
            id: "S1", name: "Hill Primary", phase: .primary, areaCode: "A", pan: 30, netCapacity: 200)
        let groups = Dictionary(uniqueKeysWithValues: (0...6).map { (YearGroup(index: $0)!, 30.0) })
        let rolls = SchoolRolls(["S1": [AcademicYear(2019): groups]])
        let over = Plausibility.overCapacity([school], rolls: rolls, census: AcademicYear(2019))
        #expect(
            over.map(\.message) == [
                "school S1 (Hill Primary): 210 on roll in 2019/20, over its net capacity of 200. Check "
                    + "net_capacity, or "
                    + "expect no room there"
            ])
        let same = PANChange(schoolID: "S1", fromYear: AcademicYear(2021), entryGroup: .reception, newPAN: 30)
        let lower = PANChange(schoolID: "S1", fromYear: AcademicYear(2021), entryGroup: .reception, newPAN: 15)
        #expect(Plausibility.unchangedPANs([same, lower], schools: [school]).count == 1)
    }

    @Test("housing completions that skip years are named with the years missing")
    func housingGap() {
        let housing = HousingSeries(["A": [AcademicYear(2020): 10, AcademicYear(2023): 5]])
        #expect(
            Plausibility.housingGaps(housing).map(\.message) == [
                "area A has no completions for 2021/22, 2022/23 between 2020/21 and 2023/24, so none are assumed "
                    + "there. Add rows with 0 if that is right"
            ])
    }
}
