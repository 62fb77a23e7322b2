import TestSupport
import Testing

@testable import PlaceForecast

private let y3 = YearGroup(index: 3)!
private let y4 = YearGroup(index: 4)!
private let y7 = YearGroup(index: 7)!

/// Area "A": infant I (R–2, PAN 60, net capacity 180), junior J (3–6, PAN 60, 240) and primary P (R–6, PAN 30, 210).
private func infantJuniorPrimary(changes: [PANChange] = []) -> SupplyPlan {
    SupplyPlan(
        schools: [
            School(
                id: "I", name: "Infant", phase: .primary, areaCode: "A", pan: 60, netCapacity: 180,
                lastYearGroup: YearGroup(index: 2)!),
            School(
                id: "J", name: "Junior", phase: .primary, areaCode: "A", pan: 60, netCapacity: 240,
                firstYearGroup: y3),
            School(id: "P", name: "Primary", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210),
        ], panChanges: changes)
}

/// Census rolls 2017–2019: I 60 in each of R–2, J 60 in each of 3–6, P 30 in each of R–6 (90 a year group).
private let censusRolls: SchoolRolls = {
    var bySchool: [String: [AcademicYear: [YearGroup: Double]]] = [:]
    for year in (2017...2019).map(AcademicYear.init) {
        for group in PlanningRules.primaryYearGroups {
            if group.index <= 2 { bySchool["I", default: [:]][year, default: [:]][group] = 60 }
            if group.index >= 3 { bySchool["J", default: [:]][year, default: [:]][group] = 60 }
            bySchool["P", default: [:]][year, default: [:]][group] = 30
        }
    }
    return SchoolRolls(bySchool)
}()

@Suite("Year groups a school teaches: infant, junior and all-through schools")
struct YearGroupsTaughtTests {
    @Test("a school's range, entry year groups and the entry governing each year group")
    func ranges() {
        let plan = infantJuniorPrimary()
        let (infant, junior, primary) = (plan.schools[0], plan.schools[1], plan.schools[2])
        #expect(infant.yearGroups.map(\.label) == ["R", "1", "2"])
        #expect(junior.yearGroups.map(\.label) == ["3", "4", "5", "6"])
        #expect(primary.yearGroups.count == 7)
        #expect(junior.entryYearGroups == [y3])
        #expect(junior.entryYearGroup(governing: YearGroup(index: 6)!) == y3)
        #expect(junior.entryYearGroup(of: .primary) == y3)
        #expect(!infant.teaches(y3))
        let through = School(
            id: "T", name: "T", phase: .allThrough, areaCode: "P", pan: 60, secondaryPAN: 180, netCapacity: 1320,
            lastYearGroup: YearGroup(index: 11)!, secondaryAreaCode: "S")
        #expect(through.entryYearGroups == [.reception, y7])
        #expect(through.entryYearGroup(governing: YearGroup(index: 9)!) == y7)
        #expect(through.planningPhases == [.primary, .secondary])
        #expect(through.areaCode(for: .primary) == "P")
        #expect(through.areaCode(for: .sixthForm) == "S")
    }

    @Test("places and capacity count only the year groups taught; a junior PAN governs Years 3–6")
    func placesOfTheYearGroupsTaught() {
        let plan = infantJuniorPrimary()
        let (infant, junior) = (plan.schools[0], plan.schools[1])
        let year = AcademicYear(2020)
        #expect(plan.places(junior, .reception, year) == 0)
        #expect(plan.places(junior, y3, year) == 60)
        #expect(plan.places(infant, y3, year) == 0)
        #expect(plan.places(infant, YearGroup(index: 2)!, year) == 60)
        // Area: Reception 60 (I) + 30 (P) = 90; Year 3 60 (J) + 30 (P) = 90; capacity 180 + 240 + 210 = 630.
        #expect(plan.places(area: "A", .reception, year) == 90)
        #expect(plan.places(area: "A", y3, year) == 90)
        #expect(plan.capacity(area: "A", phase: .primary, year) == 630)
        // J's Year 3 PAN cut to 30 from 2020: 2020 Year 3 has 30 places (capacity 210), 2021 Years 3–4 (180), and
        // from 2023 all four of its year groups (120).
        let cut = infantJuniorPrimary(changes: [
            PANChange(schoolID: "J", fromYear: year, entryGroup: y3, newPAN: 30)
        ])
        let cutJunior = cut.schools[1]
        #expect(cut.places(cutJunior, y4, AcademicYear(2021)) == 30)
        #expect(cut.places(cutJunior, YearGroup(index: 5)!, AcademicYear(2021)) == 60)
        #expect(cut.capacity(cutJunior, phase: .primary, year) == 210)
        #expect(cut.capacity(cutJunior, phase: .primary, AcademicYear(2021)) == 180)
        #expect(cut.capacity(cutJunior, phase: .primary, AcademicYear(2023)) == 120)
    }

    @Test("Year 3: the infant school's Year 2 goes to the junior school up to its PAN, the primary keeps its own")
    func infantToJunior() {
        let allocator = SchoolAllocator(
            supply: infantJuniorPrimary(), rolls: censusRolls, censusYear: AcademicYear(2019))
        let years = [AcademicYear(2019), AcademicYear(2020)]
        // 90 pupils in every year group, but 100 in Year 3 in 2020 (survival 100/90 from Year 2 in 2019).
        let allocation = allocator.allocateArea("A", groups: PlanningRules.primaryYearGroups, years: years) {
            year, group in year == AcademicYear(2020) && group == y3 ? 100 : 90
        }
        let year3 = allocation.pupils(AcademicYear(2020), y3)
        // I's 60 × 10/9 = 66.7 and P's growth 33.3 − 30 (its PAN) = 3.3 make a pool of 70: J takes 60 (its Year 3
        // PAN), P has no room, 10 are unplaced. Nothing is rolled into the infant school's Year 3.
        #expect(year3["I"] == nil)
        #expect(isClose(year3["J"], 60))
        #expect(isClose(year3["P"], 30))
        #expect(isClose(allocation.unplaced(AcademicYear(2020), y3), 10))
        // Reception is shared between the schools admitting at Reception only: I 60, P 30 (preference 2:1).
        let reception = allocation.pupils(AcademicYear(2020), .reception)
        #expect(reception["J"] == nil)
        #expect(isClose(reception["I"], 60))
        #expect(isClose(reception["P"], 30))
        // Year 4 follows the cohort from Year 3 at the junior school: 60, and 30 at P.
        #expect(isClose(allocation.pupils(AcademicYear(2020), y4)["J"], 60))
        // The infant school's roll is R–2 only: 3 × 60.
        #expect(isClose(allocation.roll("I", AcademicYear(2020)), 180))
        #expect(isClose(allocation.roll("J", AcademicYear(2020)), 240))
    }

    @Test("with room at the junior school, all of the infant school's leavers go there, by preference among juniors")
    func twoJuniors() {
        // Two junior schools J (PAN 60, census Year 3 share 60) and K (PAN 60, share 30), and the infant school I
        // with 90 in Year 2: 90 move at Year 3, shared 2:1 → J 60, K 30.
        let supply = SupplyPlan(schools: [
            School(
                id: "I", name: "I", phase: .primary, areaCode: "A", pan: 90, netCapacity: 270,
                lastYearGroup: YearGroup(index: 2)!),
            School(id: "J", name: "J", phase: .primary, areaCode: "A", pan: 60, netCapacity: 240, firstYearGroup: y3),
            School(id: "K", name: "K", phase: .primary, areaCode: "A", pan: 60, netCapacity: 240, firstYearGroup: y3),
        ])
        let rolls = SchoolRolls([
            "I": [AcademicYear(2019): [YearGroup(index: 2)!: 90]],
            "J": [AcademicYear(2019): [y3: 60]], "K": [AcademicYear(2019): [y3: 30]],
        ])
        let allocation = SchoolAllocator(supply: supply, rolls: rolls, censusYear: AcademicYear(2019))
            .allocateArea(
                "A", groups: [YearGroup(index: 2)!, y3], years: [AcademicYear(2019), AcademicYear(2020)]
            ) { _, _ in 90 }
        let year3 = allocation.pupils(AcademicYear(2020), y3)
        #expect(isClose(year3["J"], 60))
        #expect(isClose(year3["K"], 30))
        #expect(isClose(allocation.unplaced(AcademicYear(2020), y3), 0))
    }

    @Test("an all-through school's places split between its primary and secondary areas")
    func allThroughSplit() {
        // R–11, Reception PAN 60, Year 7 PAN 180, net capacity 1,320: primary 7 × 60 = 420, secondary 5 × 180 = 900.
        let through = School(
            id: "T", name: "T", phase: .allThrough, areaCode: "P", pan: 60, secondaryPAN: 180, netCapacity: 1320,
            lastYearGroup: YearGroup(index: 11)!, secondaryAreaCode: "S")
        let plan = SupplyPlan(schools: [through])
        let year = AcademicYear(2020)
        #expect(plan.capacity(area: "P", phase: .primary, year) == 420)
        #expect(plan.capacity(area: "S", phase: .secondary, year) == 900)
        #expect(plan.capacity(area: "P", phase: .secondary, year) == 0)
        #expect(plan.capacity(area: "S", phase: .primary, year) == 0)
        #expect(plan.places(area: "P", .reception, year) == 60)
        #expect(plan.places(area: "S", y7, year) == 180)
        #expect(plan.places(area: "P", y7, year) == 0)
        #expect(plan.places(through, YearGroup(index: 12)!, year) == 0)
        // Year 7 at the school is an intake in the secondary area: shared by preference up to the Year 7 PAN.
        let rolls = SchoolRolls(["T": [AcademicYear(2019): [y7: 150, .reception: 60]]])
        let allocator = SchoolAllocator(supply: plan, rolls: rolls, censusYear: AcademicYear(2019))
        let secondary = allocator.allocateArea(
            "S", groups: [y7], years: [AcademicYear(2019), AcademicYear(2020)]
        ) { _, _ in 200 }
        #expect(isClose(secondary.pupils(AcademicYear(2020), y7)["T"], 180))
        #expect(isClose(secondary.unplaced(AcademicYear(2020), y7), 20))
        let primary = allocator.allocateArea(
            "P", groups: [.reception], years: [AcademicYear(2019), AcademicYear(2020)]
        ) { _, _ in 50 }
        #expect(isClose(primary.pupils(AcademicYear(2020), .reception)["T"], 50))
    }

    @Test("the PAN advisor judges a junior school on its Year 3 and never cuts it on Reception")
    func advisorAndJuniors() {
        // I (R–2, PAN 60), J (3–6, PAN 90), P (R–6, PAN 60), all LA-run; 280 pupils (40 a year group) against
        // 180 + 360 + 420 = 960 places: far above the band. Year 3 census: J 50 (fill 50/90); Reception I 40, P 40.
        let supply = SupplyPlan(schools: [
            School(
                id: "I", name: "I", phase: .primary, areaCode: "A", pan: 60, netCapacity: 180,
                lastYearGroup: YearGroup(index: 2)!),
            School(id: "J", name: "J", phase: .primary, areaCode: "A", pan: 90, netCapacity: 360, firstYearGroup: y3),
            School(id: "P", name: "P", phase: .primary, areaCode: "A", pan: 60, netCapacity: 420),
        ])
        let rows = (2020...2026).flatMap { year in
            (0...6).map { group in
                ForecastRow(
                    area: Area(code: "A", name: "A"), year: AcademicYear(year), yearGroup: YearGroup(index: group)!,
                    pupils: 40, method: "given", interval80: 40...40.8, interval95: 40...41.6)
            }
        }
        let forecast = Forecast(
            modelName: "given", origin: AcademicYear(2019), horizon: 7, rows: rows, ratios: [], skipped: [], notes: [])
        let evaluator = PANEvaluator(
            forecast: forecast, areas: [PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")],
            supply: supply, settings: PlanningSettings())
        #expect(evaluator.bases["A"]!.capacity.first == 960)
        let rolls = SchoolRolls([
            "I": [AcademicYear(2019): [.reception: 40]], "J": [AcademicYear(2019): [y3: 50]],
            "P": [AcademicYear(2019): [.reception: 40]],
        ])
        let advisor = PANAdvisor(
            evaluator: evaluator, rules: PANAdvisor.Rules(), origin: AcademicYear(2019), rolls: rolls)
        #expect(isClose(advisor.intakes["J"]?.lastFill, 50.0 / 90))
        #expect(isClose(advisor.intakes["J"]?.unfilled, 40))
        let outcome = advisor.advise(area: "A")
        #expect(!outcome.proposals.isEmpty)
        #expect(outcome.proposals.allSatisfy { $0.change.schoolID != "J" && $0.change.entryGroup == .reception })
        // A Year 3 PAN change at the junior school lowers the area's capacity over its four cohorts, not its
        // Reception places: from 2022 at 60, by 2025 4 × 30 = 120 fewer places.
        let (capacity, entry) = evaluator.evaluate(
            area: "A", changes: [PANChange(schoolID: "J", fromYear: AcademicYear(2022), entryGroup: y3, newPAN: 60)])
        #expect(capacity[5] == 960 - 120)
        #expect(capacity[6] == 960 - 120)
        #expect(entry == evaluator.bases["A"]!.entryPlaces)
    }
}
