import Testing

@testable import PlaceForecast

/// A primary planning area "A" with the given schools (id, PAN; net capacity 7 × PAN) and a flat forecast of
/// `pupils` a year from 2020 to 2026 (origin 2019, so the first changeable intake is 2022), spread evenly over
/// R–6, upper 80% bound 2% above the point forecast.
private func evaluator(_ schools: [(String, Double)], pupils: Double) -> PANEvaluator {
    let supply = SupplyPlan(
        schools: schools.map {
            School(id: $0.0, name: $0.0, phase: .primary, areaCode: "A", pan: $0.1, netCapacity: 7 * $0.1)
        })
    let rows = (2020...2026).flatMap { year in
        (0...6).map { group in
            let value = pupils / 7
            return ForecastRow(
                area: Area(code: "A", name: "A"), year: AcademicYear(year),
                yearGroup: YearGroup(index: group)!, pupils: value, method: "given",
                interval80: value...(value * 1.02), interval95: value...(value * 1.04))
        }
    }
    let forecast = Forecast(
        modelName: "given", origin: AcademicYear(2019), horizon: 7, rows: rows, ratios: [],
        skipped: [], notes: [])
    let area = PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")
    return PANEvaluator(forecast: forecast, areas: [area], supply: supply, settings: PlanningSettings())
}

/// Cuts of whole forms of entry (30), PAN never below 30, at most one step per school unless changed (shared by
/// the advisor's test files).
func rules(_ change: (inout PANAdvisor.Rules) -> Void = { _ in }) -> PANAdvisor.Rules {
    var rules = PANAdvisor.Rules()
    rules.step = 30
    rules.minimumPAN = 30
    rules.maxStepsPerSchool = 1
    change(&rules)
    return rules
}

/// The advisor's new PAN by school id.
private func newPANs(_ evaluator: PANEvaluator, _ rules: PANAdvisor.Rules) -> [String: Double] {
    let outcome = PANAdvisor(evaluator: evaluator, rules: rules, origin: AcademicYear(2019)).advise(area: "A")
    return Dictionary(uniqueKeysWithValues: outcome.proposals.map { ($0.change.schoolID, $0.change.newPAN) })
}

@Suite("PAN advisor protection rules")
struct PANProtectionTests {
    @Test("a protected school is never cut, even where cutting it is the unprotected optimum")
    func protectedSchoolsAreNotCut() {
        // 800 pupils (entry upper bound 800/7 × 1.02 = 116.6) against entry places 150: one form of entry may go
        // (120 ≥ 116.6), two may not (90). Fairness prefers cutting BIG: (30/90)² < (30/60)².
        let area = evaluator([("BIG", 90), ("MID", 60)], pupils: 800)
        #expect(newPANs(area, rules()) == ["BIG": 60])
        #expect(newPANs(area, rules { $0.protectedSchools = ["BIG"] }) == ["MID": 30])
    }

    @Test("schools at or below protectAtOrBelow are never cut")
    func smallSchoolsAreNotCut() {
        // 600 pupils (entry upper bound 87.4): two forms of entry may go (150 → 90); at one step per school the
        // optimum cuts both schools.
        let area = evaluator([("BIG", 90), ("SMALL", 60)], pupils: 600)
        #expect(newPANs(area, rules()) == ["BIG": 60, "SMALL": 30])
        #expect(newPANs(area, rules { $0.protectAtOrBelow = 60 }) == ["BIG": 60])
    }

    @Test("no PAN is taken below minimumPAN")
    func minimumPANIsKept() {
        // 500 pupils (entry upper bound 72.9): entry places may fall from 150 to 90. With a minimum of 30 the
        // fewest-schools plan takes BIG from 90 to 30; with a minimum of 60 only BIG's first step is allowed.
        let area = evaluator([("BIG", 90), ("SMALL", 60)], pupils: 500)
        let unlimited = newPANs(area, rules { $0.maxStepsPerSchool = 3 })
        #expect(unlimited == ["BIG": 30])
        let kept = newPANs(
            area,
            rules {
                $0.maxStepsPerSchool = 3
                $0.minimumPAN = 60
            })
        #expect(kept == ["BIG": 60])
        #expect(kept.values.allSatisfy { $0 >= 60 })
    }

    @Test("no school loses more than maxStepsPerSchool steps")
    func maxStepsPerSchoolIsRespected() {
        // One school of PAN 120 and 400 pupils (entry upper bound 58.3): PAN 60 is the lowest that fits.
        let area = evaluator([("ONE", 120)], pupils: 400)
        #expect(newPANs(area, rules { $0.maxStepsPerSchool = 3 }) == ["ONE": 60])
        #expect(newPANs(area, rules { $0.maxStepsPerSchool = 1 }) == ["ONE": 90])
    }
}
