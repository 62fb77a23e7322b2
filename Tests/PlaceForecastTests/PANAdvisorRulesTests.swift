import Testing

@testable import PlaceForecast

/// Primary planning areas (code, schools (id, PAN, admission authority), flat pupils a year from 2020 to 2026), all
/// in one LA; origin 2019, so the first changeable intake is 2022. Pupils are spread evenly over R–6 with the upper
/// 80% bound 2% above the point forecast; net capacity 7 × PAN.
private func evaluator(_ areas: [(String, [(String, Double, AdmissionAuthority)], Double)]) -> PANEvaluator {
    let supply = SupplyPlan(
        schools: areas.flatMap { area in
            area.1.map {
                School(
                    id: $0.0, name: $0.0, phase: .primary, areaCode: area.0, pan: $0.1, netCapacity: 7 * $0.1,
                    admissionAuthority: $0.2)
            }
        })
    let rows = areas.flatMap { area in
        (2020...2026).flatMap { year in
            (0...6).map { group in
                let value = area.2 / 7
                return ForecastRow(
                    area: Area(code: area.0, name: area.0), year: AcademicYear(year),
                    yearGroup: YearGroup(index: group)!, pupils: value, method: "given",
                    interval80: value...(value * 1.02), interval95: value...(value * 1.04))
            }
        }
    }
    let forecast = Forecast(
        modelName: "given", origin: AcademicYear(2019), horizon: 7, rows: rows, ratios: [], skipped: [], notes: [])
    let planning = areas.map { PlanningArea(code: $0.0, name: $0.0, phase: .primary, laCode: "LA") }
    return PANEvaluator(forecast: forecast, areas: planning, supply: supply, settings: PlanningSettings())
}

/// Reception rolls at the 2019 census (the origin, the last census year).
private func rolls(_ reception: [String: Double]) -> SchoolRolls {
    SchoolRolls(reception.mapValues { [AcademicYear(2019): [YearGroup.reception: $0]] })
}

private func cuts(_ proposals: [PANAdvisor.Proposal]) -> [String: Double] {
    Dictionary(uniqueKeysWithValues: proposals.map { ($0.change.schoolID, $0.oldPAN - $0.change.newPAN) })
}

@Suite("PAN advisor: fullness, LA-wide margin, admission authorities")
struct PANAdvisorRulesTests {
    // FULL: 59 of 60 Reception places filled in 2019 (98%, 1 unfilled); ROOMY: 40 of 60 (67%, 20 unfilled).
    let fillRolls = rolls(["FULL": 59, "ROOMY": 40])

    @Test("one form may go: the school with more unfilled entry places is cut, not the 98%-full one")
    func unfilledPlacesDecide() {
        // 500 pupils: entry upper bound 500/7 × 1.02 = 72.9 against 120 places: one form may go (90), two not (60).
        let area = evaluator([("A", [("FULL", 60, .la), ("ROOMY", 60, .la)], 500)])
        for protect in [true, false] {
            let advisor = PANAdvisor(
                evaluator: area, rules: rules { $0.protectFullSchools = protect }, origin: AcademicYear(2019),
                rolls: fillRolls)
            // Filled places cut: FULL 30 − 1 = 29, ROOMY 30 − 20 = 10: ROOMY, with or without the rule.
            #expect(cuts(advisor.advise(area: "A").proposals) == ["ROOMY": 30])
        }
        #expect(
            isClose(
                PANAdvisor(evaluator: area, rules: rules(), origin: AcademicYear(2019), rolls: fillRolls)
                    .intakes["FULL"]!.lastFill!, 59 / 60))
    }

    @Test("a 98%-full school is not cut while a same-PAN school was 67% full, unless the rule is turned off")
    func fullSchoolIsSpared() {
        // 400 pupils: entry upper bound 58.3: both schools may lose a form (entry places 60), and the distance from
        // the band falls with every cut, so without the rule both are cut.
        let area = evaluator([("A", [("FULL", 60, .la), ("ROOMY", 60, .la)], 400)])
        let ruled = PANAdvisor(evaluator: area, rules: rules(), origin: AcademicYear(2019), rolls: fillRolls)
            .advise(area: "A")
        #expect(cuts(ruled.proposals) == ["ROOMY": 30])
        #expect(ruled.spared.map(\.schoolID) == ["FULL"])
        #expect(ruled.spared.first?.roomierID == "ROOMY")
        let off = PANAdvisor(
            evaluator: area, rules: rules { $0.protectFullSchools = false }, origin: AcademicYear(2019),
            rolls: fillRolls
        ).advise(area: "A")
        #expect(cuts(off.proposals) == ["FULL": 30, "ROOMY": 30])
        // A roomier school with a smaller PAN does not spare a full one: FULL (PAN 60) 98%, SMALL (PAN 45) 67%.
        let smaller = evaluator([("A", [("FULL", 60, .la), ("SMALL", 45, .la)], 300)])
        let outcome = PANAdvisor(
            evaluator: smaller, rules: rules(), origin: AcademicYear(2019), rolls: rolls(["FULL": 59, "SMALL": 30])
        ).advise(area: "A")
        #expect(outcome.spared.isEmpty)
        #expect(cuts(outcome.proposals)["FULL"] == 30)
    }

    @Test("with an area short, the cut elsewhere stops where the LA-wide surplus would fall below the target")
    func laMarginIsKept() {
        // A: one PAN-30 school (210 places), 420 pupils: short. B: two PAN-60 schools (840 places), 400 pupils:
        // alone it would lose both forms (entry upper bound 58.3 ≤ 60). LA: 1,050 places, 820 pupils; a 5% margin
        // needs 820 / 0.95 = 863.2 places, so 186.8 may go. In 2026 five cohorts are at the new PAN (150 places a
        // form), in 2025 four (120): one form fits (2026: 900 places, 8.9%), two do not (750 places, −9.3%).
        let la = evaluator([("A", [("A1", 30, .la)], 420), ("B", [("B1", 60, .la), ("B2", 60, .la)], 400)])
        let alone = PANAdvisor(evaluator: la, rules: rules { $0.keepLAMargin = false }, origin: AcademicYear(2019))
            .advise(areas: ["A", "B"])
        #expect(alone.outcomes[1].totalCut == 60)
        let plan = PANAdvisor(evaluator: la, rules: rules(), origin: AcademicYear(2019)).advise(areas: ["A", "B"])
        #expect(plan.outcomes[0].proposals.isEmpty)
        #expect(plan.outcomes[1].totalCut == 30)
        #expect(plan.outcomes[1].limitedByLAMargin)
        #expect(plan.margins.count == 1 && plan.margins[0].inForce)
        // Every judged year (2022–2026) keeps the LA surplus at or above 5%; 2026: (900 − 820) / 900 = 8.9%.
        for (year, value) in zip(plan.margins[0].years, plan.margins[0].after) where year.startYear >= 2022 {
            #expect(value >= 5 - 1e-9)
        }
        #expect(isClose(plan.margins[0].after.last!, 100 * 80 / 900.0))
        // With no area short, the rule is not in force: B loses both forms.
        let noShort = evaluator([("A", [("A1", 30, .la)], 200), ("B", [("B1", 60, .la), ("B2", 60, .la)], 400)])
        let free = PANAdvisor(evaluator: noShort, rules: rules(), origin: AcademicYear(2019)).advise(areas: ["A", "B"])
        #expect(free.outcomes[1].totalCut == 60)
        #expect(!free.margins[0].inForce)
    }

    @Test("own-admission-authority schools are only requests unless included")
    func ownAuthorityIsRequested() {
        // 500 pupils (entry upper bound 72.9 against 120): one form may go. SMALL (PAN 30, the LA's) cannot be
        // cut below 30; OWN (PAN 90) is an academy.
        let area = evaluator([("A", [("OWN", 90, .own), ("SMALL", 30, .la)], 500)])
        let outcome = PANAdvisor(evaluator: area, rules: rules(), origin: AcademicYear(2019)).advise(area: "A")
        #expect(outcome.proposals.isEmpty)
        #expect(cuts(outcome.requests) == ["OWN": 30])
        #expect(outcome.requests.first?.admissionAuthority == .own)
        #expect(outcome.surplusAfter == outcome.surplusBefore)
        #expect(outcome.surplusWithRequests.last! < outcome.surplusBefore.last!)
        let included = PANAdvisor(
            evaluator: area, rules: rules { $0.includeOwnAdmissionAuthority = true }, origin: AcademicYear(2019)
        ).advise(area: "A")
        #expect(cuts(included.proposals) == ["OWN": 30])
        #expect(included.requests.isEmpty)
        // Requests come on top of the LA's cuts: with an LA school to cut, it is cut and the academy requested.
        let both = evaluator([("A", [("OWN", 90, .own), ("LA1", 60, .la)], 400)])
        let plan = PANAdvisor(evaluator: both, rules: rules(), origin: AcademicYear(2019)).advise(area: "A")
        #expect(cuts(plan.proposals) == ["LA1": 30])
        #expect(cuts(plan.requests) == ["OWN": 30])
    }

    @Test("the first intake can be set later than origin + 3")
    func laterFirstIntake() {
        let area = evaluator([("A", [("ROOMY", 60, .la), ("FULL", 60, .la)], 500)])
        let outcome = PANAdvisor(
            evaluator: area, rules: rules { $0.firstIntake = AcademicYear(2023) }, origin: AcademicYear(2019),
            rolls: fillRolls
        ).advise(area: "A")
        #expect(outcome.proposals.map(\.change.fromYear) == [AcademicYear(2023)])
        #expect(outcome.surplusAfter[2] == outcome.surplusBefore[2])  // 2022 is untouched
    }

    @Test("with the LA-wide margin tying areas, the plan scores as the brute-force optimum of every combination")
    func marginPlanMatchesBruteForce() {
        // A and B have too many places, C is short. LA: 2,520 places and 2,120 pupils; a 5% margin leaves 288 to
        // cut, 3 half forms in 2026 (75 places each over five cohorts), while A and B alone would take 4.
        let schools: [(String, Double, AdmissionAuthority)] = [
            ("A1", 60, .la), ("A2", 45, .la), ("B1", 90, .la), ("B2", 60, .la), ("B3", 45, .la), ("C1", 60, .la),
        ]
        let la = evaluator([
            ("A", Array(schools[0...1]), 520), ("B", Array(schools[2...4]), 1000), ("C", [schools[5]], 600),
        ])
        let history = rolls(["A1": 50, "A2": 44, "B1": 70, "B2": 58, "B3": 30, "C1": 60])
        var halfForms = rules {
            $0.step = 15
            $0.maxStepsPerSchool = 2
        }
        let advisor = PANAdvisor(evaluator: la, rules: halfForms, origin: AcademicYear(2019), rolls: history)
        let plan = advisor.advise(areas: ["A", "B", "C"])
        halfForms.keepLAMargin = false
        let unlimited = PANAdvisor(evaluator: la, rules: halfForms, origin: AcademicYear(2019), rolls: history)
            .advise(areas: ["A", "B", "C"])
        #expect(plan.outcomes.map(\.totalCut).reduce(0, +) == 45)
        #expect(unlimited.outcomes.map(\.totalCut).reduce(0, +) == 60)

        // Brute force: every cut of 0…2 steps at each school (PAN − cut ≥ 30), the full-school rule as the advisor
        // states it, the margin checked on the real capacities, and the objective summed over the areas.
        let area = Dictionary(uniqueKeysWithValues: schools.map { ($0.0, String($0.0.prefix(1))) })
        func fill(_ index: Int) -> Double {
            history.pupils(schools[index].0, AcademicYear(2019), .reception)! / schools[index].1
        }
        func spared(_ index: Int) -> Bool {
            fill(index) >= 0.95
                && schools.indices.contains { other in
                    other != index && area[schools[other].0] == area[schools[index].0]
                        && schools[other].1 >= schools[index].1 && fill(other) < 0.85
                }
        }
        let limits = schools.indices.map { spared($0) ? 0 : min(2, Int((schools[$0].1 - 30) / 15)) }
        func score(_ cuts: [Int]) -> PANAdvisor.Score? {
            var changes: [String: [PANChange]] = [:]
            var total = PANAdvisor.Score()
            for (index, school) in schools.enumerated() where cuts[index] > 0 {
                changes[area[school.0]!, default: []].append(
                    PANChange(
                        schoolID: school.0, fromYear: advisor.firstIntake, entryGroup: .reception,
                        newPAN: school.1 - 15 * Double(cuts[index])))
                let cut = 15 * Double(cuts[index])
                let unfilled = max(0, school.1 - history.pupils(school.0, AcademicYear(2019), .reception)!)
                total.filled += max(0, cut - unfilled)
                total.changed += 1
                total.unfairness += (cut / school.1) * (cut / school.1)
            }
            for code in ["A", "B", "C"] {
                let (capacity, places) = la.evaluate(area: code, changes: changes[code] ?? [])
                if changes[code] != nil, !advisor.isFeasible(area: code, capacity: capacity, entryPlaces: places) {
                    return nil
                }
                total.distance += advisor.distance(
                    la.surplusPercent(area: code, capacity: capacity), years: la.bases[code]!.years)
            }
            return advisor.keepsMargin(phase: .primary, changes: changes) ? total : nil
        }
        var best: PANAdvisor.Score?
        func visit(_ cuts: [Int]) {
            guard cuts.count == schools.count else {
                for take in 0...limits[cuts.count] { visit(cuts + [take]) }
                return
            }
            if let value = score(cuts), best == nil || value < best! { best = value }
        }
        visit([])
        let proposed = plan.outcomes.flatMap(\.proposals)
        let planCuts = schools.map { school in
            Int((proposed.first { $0.change.schoolID == school.0 }.map { $0.oldPAN - $0.change.newPAN } ?? 0) / 15)
        }
        let planScore = score(planCuts)
        #expect(planScore != nil)
        #expect(planScore.map { $0 == best! } == true)
    }
}
