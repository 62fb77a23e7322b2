import Testing

@testable import PlaceForecast

/// A primary planning area "A" with the given schools (id, PAN, net capacity = 7 × PAN) and a forecast of
/// `pupils(year)` spread evenly over R–6, with upper 80% bounds `upper` × the point forecast.
private func setting(
    _ schools: [(String, Double)], pupils: (Int) -> Double, upper: Double = 1.02
)
    -> (PANEvaluator, SupplyPlan, Forecast)
{
    let supply = SupplyPlan(
        schools: schools.map {
            School(id: $0.0, name: $0.0, phase: .primary, areaCode: "A", pan: $0.1, netCapacity: 7 * $0.1)
        })
    let rows = (2020...2026).flatMap { year in
        (0...6).map { group in
            let value = pupils(year) / 7
            return ForecastRow(
                area: Area(code: "A", name: "A"), year: AcademicYear(year), yearGroup: YearGroup(index: group)!,
                pupils: value, method: "given", interval80: value...(value * upper),
                interval95: value...(value * upper * 1.02))
        }
    }
    let forecast = Forecast(
        modelName: "given", origin: AcademicYear(2019), horizon: 7, rows: rows, ratios: [], skipped: [], notes: [])
    let area = PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")
    return (
        PANEvaluator(forecast: forecast, areas: [area], supply: supply, settings: PlanningSettings()), supply, forecast
    )
}

@Suite("Scenarios and the PAN advisor")
struct ScenarioTests {
    @Test("a PAN change: capacity falls one cohort a year from the first affected intake, and surplus follows")
    func panChangeThroughEvaluator() {
        let (evaluator, supply, _) = setting([("S1", 30), ("S2", 30)], pupils: { _ in 400 })
        let change = PANChange(schoolID: "S1", fromYear: AcademicYear(2022), entryGroup: .reception, newPAN: 15)
        let (capacity, entry) = evaluator.evaluate(area: "A", changes: [change])
        // 2020, 2021: 420 places; 2022: 405; then 15 fewer each year until all seven cohorts are at PAN 15 (2028).
        #expect(capacity == [420, 420, 405, 390, 375, 360, 345])
        #expect(entry == [60, 60, 45, 45, 45, 45, 45])
        let surplus = evaluator.surplusPercent(area: "A", capacity: capacity)
        #expect(isClose(surplus[2], 100 * (405 - 400) / 405.0))
        #expect(isClose(surplus[6], 100 * (345 - 400) / 345.0))
        // The fast path agrees with recomputing the whole supply with the change.
        let full = SupplyPlan(schools: supply.schools, panChanges: [change])
        #expect(capacity == (2020...2026).map { full.capacity(area: "A", phase: .primary, AcademicYear($0)) })
    }

    @Test("the advisor's plan equals the brute-force optimum of every combination of cuts")
    func advisorMatchesBruteForce() {
        let schools: [(String, Double)] = [("S1", 90), ("S2", 60), ("S3", 60), ("S4", 45), ("S5", 30)]
        // Falling rolls: 1,700 pupils in 2020 to 1,280 in 2026 against 1,995 places.
        let (evaluator, _, _) = setting(schools, pupils: { 1700 - 70 * Double($0 - 2020) })
        // Reception rolls 2017–2019: S3 98% full in 2019 while S2 (same PAN) was 67%, so S3 is spared; the others
        // leave different numbers of entry places unfilled, which the objective weighs.
        let reception: [String: [Double]] = [
            "S1": [80, 78, 75], "S2": [45, 42, 40], "S3": [58, 60, 59], "S4": [40, 41, 40], "S5": [20, 22, 25],
        ]
        let rolls = SchoolRolls(
            reception.mapValues { values in
                Dictionary(
                    uniqueKeysWithValues: values.enumerated().map {
                        (AcademicYear(2017 + $0.offset), [YearGroup.reception: $0.element])
                    })
            })
        var rules = PANAdvisor.Rules()
        rules.step = 15
        rules.minimumPAN = 30
        rules.maxStepsPerSchool = 3
        let advisor = PANAdvisor(evaluator: evaluator, rules: rules, origin: AcademicYear(2019), rolls: rolls)
        let outcome = advisor.advise(area: "A")
        #expect(!outcome.proposals.isEmpty)
        #expect(outcome.spared.map(\.schoolID) == ["S3"])

        // Brute force: every cut of 0…3 steps at each school (PAN − cut ≥ 30; none at a school ≥ 95% full in 2019
        // while one with a PAN at least as large was under 85%), under the same lexicographic objective: distance,
        // filled entry places cut (cut − mean unfilled places 2017–2019), schools cut, Σ (cut/PAN)².
        let pans = Dictionary(uniqueKeysWithValues: schools)
        func meanUnfilled(_ id: String) -> Double { reception[id]!.map { max(0, pans[id]! - $0) }.reduce(0, +) / 3 }
        func fill(_ id: String) -> Double { reception[id]!.last! / pans[id]! }
        let spared = schools.map { school in
            fill(school.0) >= 0.95 && schools.contains { $0.0 != school.0 && $0.1 >= school.1 && fill($0.0) < 0.85 }
        }
        let limits = zip(schools, spared).map { $0.1 ? 0 : min(3, Int(($0.0.1 - 30) / 15)) }
        var best: (key: (Double, Double, Int, Double), cuts: [Int])?
        func visit(_ index: Int, _ cuts: [Int]) {
            guard index == schools.count else {
                for take in 0...limits[index] { visit(index + 1, cuts + [take]) }
                return
            }
            let changes = zip(schools, cuts).filter { $0.1 > 0 }.map {
                PANChange(
                    schoolID: $0.0.0, fromYear: advisor.firstIntake, entryGroup: .reception,
                    newPAN: $0.0.1 - 15 * Double($0.1))
            }
            let (capacity, places) = evaluator.evaluate(area: "A", changes: changes)
            guard changes.isEmpty || advisor.isFeasible(area: "A", capacity: capacity, entryPlaces: places) else {
                return
            }
            let distance = PANAdvisor.rounded(
                advisor.distance(
                    evaluator.surplusPercent(area: "A", capacity: capacity),
                    years: evaluator.bases["A"]!.years))
            let filled = zip(schools, cuts).reduce(0.0) { $0 + max(0, 15 * Double($1.1) - meanUnfilled($1.0.0)) }
            let unfairness = zip(schools, cuts).reduce(0.0) { sum, pair in
                let share = 15 * Double(pair.1) / pair.0.1
                return sum + share * share
            }
            let key = (
                distance, PANAdvisor.rounded(filled), cuts.filter { $0 > 0 }.count, PANAdvisor.rounded(unfairness)
            )
            if best == nil || key < best!.key { best = (key, cuts) }
        }
        visit(0, [])
        let expected = Dictionary(uniqueKeysWithValues: zip(schools.map(\.0), best!.cuts)).filter { $0.value > 0 }
        let proposed = Dictionary(
            uniqueKeysWithValues: outcome.proposals.map {
                ($0.change.schoolID, Int(($0.oldPAN - $0.change.newPAN) / 15))
            })
        #expect(proposed == expected)
        #expect(proposed["S3"] == nil)
        #expect(outcome.distanceAfter < outcome.distanceBefore)
    }

    @Test("no suggestion creates a shortfall at the chosen upper bound")
    func noShortfall() {
        // Tight area: 415 pupils (upper 80%: 2% more) against 420 places: any cut would fall short.
        let (tight, _, _) = setting([("S1", 30), ("S2", 30)], pupils: { _ in 415 })
        var rules = PANAdvisor.Rules()
        rules.step = 15
        rules.minimumPAN = 0
        rules.maxStepsPerSchool = 2
        #expect(
            PANAdvisor(evaluator: tight, rules: rules, origin: AcademicYear(2019)).advise(area: "A").proposals.isEmpty)
        // Roomier: 300 pupils; cuts stop where the upper 95% bound (4% above) would no longer fit.
        let (roomy, _, _) = setting([("S1", 30), ("S2", 30)], pupils: { _ in 300 })
        rules.interval = .ninetyFive
        let outcome = PANAdvisor(evaluator: roomy, rules: rules, origin: AcademicYear(2019)).advise(area: "A")
        let (capacity, places) = roomy.evaluate(area: "A", changes: outcome.proposals.map(\.change))
        for index in capacity.indices {
            #expect(
                capacity[index] >= roomy.bases["A"]!.pupilsUpper95[index] - 1e-9
                    || capacity[index] == roomy.bases["A"]!.capacity[index])
            #expect(
                places[index] >= roomy.bases["A"]!.entryUpper95[index] - 1e-9
                    || places[index] == roomy.bases["A"]!.entryPlaces[index])
        }
        #expect(!outcome.proposals.isEmpty)
    }

    @Test("a capacity change adds its places to its area, phase and years only, and is not a school")
    func capacityChangeIsAreaPlaces() {
        let s1 = School(id: "S1", name: "", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210)
        let s2 = School(id: "S2", name: "", phase: .primary, areaCode: "B", pan: 30, netCapacity: 210)
        let s3 = School(id: "S3", name: "", phase: .secondary, areaCode: "C", pan: 150, netCapacity: 900)
        let supply = SupplyPlan(schools: [s1, s2, s3])
        var scenario = Scenario(name: "bulge")
        scenario.capacityChanges = [
            CapacityChange(
                areaCode: "A", phase: .primary, places: 70, from: AcademicYear(2021),
                until: AcademicYear(2023)),
            CapacityChange(areaCode: "C", phase: .secondary, places: -150, from: AcademicYear(2022), until: nil),
        ]
        let changed = scenario.applied(to: supply)
        let years = (2019...2025).map { AcademicYear($0) }
        // Area A: 210 + 70 in 2021–2023 only; area B untouched; 10 more places in each of R–6 (70 / 7).
        #expect(years.map { changed.capacity(area: "A", phase: .primary, $0) } == [210, 210, 280, 280, 280, 210, 210])
        #expect(years.map { changed.capacity(area: "B", phase: .primary, $0) } == Array(repeating: 210, count: 7))
        #expect(years.map { changed.places(area: "A", .reception, $0) } == [30, 30, 40, 40, 40, 30, 30])
        #expect(changed.places(area: "A", YearGroup(index: 6)!, AcademicYear(2022)) == 40)
        #expect(changed.places(area: "B", .reception, AcademicYear(2022)) == 30)
        // Area C: 900 places (750 in Years 7–11 + 150 sixth form); 150 fewer from 2022 for good, 30 fewer in each of
        // Years 7–11 and none fewer in the sixth form.
        #expect(
            years.map { changed.capacity(area: "C", phase: .secondary, $0) } == [900, 900, 900, 750, 750, 750, 750])
        #expect(changed.places(area: "C", YearGroup(index: 7)!, AcademicYear(2022)) == 120)
        #expect(changed.places(area: "C", YearGroup(index: 11)!, AcademicYear(2025)) == 120)
        #expect(changed.places(area: "C", YearGroup(index: 12)!, AcademicYear(2022)) == 75)
        #expect(changed.places(area: "C", YearGroup(index: 7)!, AcademicYear(2021)) == 150)

        // No school is added: the same schools, the same allocation, and no deficit-risk row but the real ones.
        #expect(changed.schools.map(\.id) == ["S1", "S2", "S3"])
        #expect(changed.capacityChanges == scenario.capacityChanges)
        let allocator = SchoolAllocator(supply: changed, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019))
        #expect(allocator.allocate(100, area: "A", group: .reception, year: AcademicYear(2022)) == ["S1": 100])
        let area = PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")
        let rows = (2020...2023).flatMap { year in
            (0...6).map {
                ForecastRow(
                    area: Area(code: "A", name: "A"), year: AcademicYear(year),
                    yearGroup: YearGroup(index: $0)!, pupils: 30, method: "given")
            }
        }
        let forecast = Forecast(
            modelName: "given", origin: AcademicYear(2019), horizon: 4, rows: rows, ratios: [],
            skipped: [], notes: [])
        let census = cohortTable([
            "A": [
                2019: Dictionary(
                    uniqueKeysWithValues: (0...6).map {
                        (YearGroup(index: $0)!.label, 30.0)
                    })
            ]
        ])
        let result = PlacePlanner(areas: [area], supply: changed, allocator: allocator).plan(forecast, census: census)
        #expect(Set(result.deficitRisk.map(\.school.id)) == ["S1"])
        #expect(result.deficitRisk.count == 4)
        // The school's own capacity stays 210; the area's surplus counts the 70 scenario places in 2022.
        #expect(result.deficitRisk.allSatisfy { $0.capacity == 210 })
        #expect(result.surplus.first { $0.areaCode == "A" && $0.year == AcademicYear(2022) }?.capacity == 280)
        #expect(result.surplus.first { $0.areaCode == "A" && $0.year == AcademicYear(2022) }?.surplusPlaces == 70)
    }

    @Test("scenario changes apply to supply and demand: closures, openings, temporary places, births, housing")
    func applyScenario() {
        let supply = SupplyPlan(schools: [
            School(id: "S1", name: "", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210)
        ])
        var scenario = Scenario(name: "what-if")
        scenario.closures = [SchoolClosure(schoolID: "S1", lastYear: AcademicYear(2022))]
        scenario.openings = [
            School(
                id: "N1", name: "", phase: .primary, areaCode: "A", pan: 60, netCapacity: 420,
                opens: AcademicYear(2023))
        ]
        scenario.capacityChanges = [
            CapacityChange(
                areaCode: "A", phase: .primary, places: 70, from: AcademicYear(2021),
                until: AcademicYear(2021))
        ]
        let changed = scenario.applied(to: supply)
        #expect(changed.capacity(area: "A", phase: .primary, AcademicYear(2020)) == 210)
        #expect(changed.capacity(area: "A", phase: .primary, AcademicYear(2021)) == 280)  // + 70 temporary
        #expect(changed.capacity(area: "A", phase: .primary, AcademicYear(2022)) == 210)
        #expect(changed.capacity(area: "A", phase: .primary, AcademicYear(2023)) == 420)  // S1 closed, N1 open
        #expect(!scenario.changesDemand)
        // Negative places remove capacity from the area; no pupils are allocated to scenario places.
        var removal = Scenario(name: "removal")
        removal.capacityChanges = [
            CapacityChange(areaCode: "A", phase: .primary, places: -35, from: AcademicYear(2022), until: nil)
        ]
        let reduced = removal.applied(to: supply)
        #expect(reduced.capacity(area: "A", phase: .primary, AcademicYear(2022)) == 175)
        let shares = SchoolAllocator(supply: reduced, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019))
            .allocate(100, area: "A", group: .reception, year: AcademicYear(2022))
        #expect(shares == ["S1": 100])

        var demand = Scenario(name: "demand")
        demand.birthsPercent = 10
        demand.housingDelayYears = 2
        demand.housingPercent = -50
        #expect(demand.changesDemand)
        let inputs = ForecastInputs(
            pupils: cohortTable([:]), births: BirthSeries(["A": [2015: 100, 2016: 100, 2020: 100]]),
            housing: HousingSeries(["A": [AcademicYear(2019): 40, AcademicYear(2021): 100]]))
        let varied = demand.applied(to: inputs, origin: AcademicYear(2019))
        // Births from 2016 on feed forecast Receptions (origin 2019 − 3): +10%; 2015 is the origin's own intake.
        #expect(varied.births.births("A", 2015) == 100)
        #expect(isClose(varied.births.births("A", 2016), 110))
        #expect(isClose(varied.births.births("A", 2020), 110))
        // Completions after the origin: halved and two years later; history untouched.
        #expect(varied.housing?.completions("A", AcademicYear(2019)) == 40)
        #expect(varied.housing?.completions("A", AcademicYear(2021)) == 0)
        #expect(varied.housing?.completions("A", AcademicYear(2023)) == 50)
    }
}
