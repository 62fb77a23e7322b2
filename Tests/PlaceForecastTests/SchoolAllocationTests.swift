import PlaceForecast
import TestSupport
import Testing

/// Two primary schools in area "A": S1 with PAN 30 and S2 with PAN 60 unless changed.
private func plan(pan1: Double = 30, pan2: Double = 60, changes: [PANChange] = []) -> SupplyPlan {
    SupplyPlan(
        schools: [
            School(id: "S1", name: "S1", phase: .primary, areaCode: "A", pan: pan1, netCapacity: 7 * pan1),
            School(id: "S2", name: "S2", phase: .primary, areaCode: "A", pan: pan2, netCapacity: 7 * pan2),
        ], panChanges: changes)
}

/// Census rolls: `shares[group]` = (S1, S2) pupils, the same in 2017, 2018 and 2019 unless `origin` overrides 2019.
private func rolls(_ groups: [YearGroup: (Double, Double)], origin: [YearGroup: (Double, Double)]? = nil) -> SchoolRolls
{
    var bySchool: [String: [AcademicYear: [YearGroup: Double]]] = [:]
    for year in 2017...2019 {
        for (group, pupils) in (year == 2019 ? origin ?? groups : groups) {
            bySchool["S1", default: [:]][AcademicYear(year), default: [:]][group] = pupils.0
            bySchool["S2", default: [:]][AcademicYear(year), default: [:]][group] = pupils.1
        }
    }
    return SchoolRolls(bySchool)
}

private let years = (2019...2023).map { AcademicYear($0) }
private let primary = PlanningRules.primaryYearGroups

/// Every year and year group: schools' pupils + unplaced = the area's pupils.
private func keepsTotals(_ allocation: AreaAllocation, _ pupils: (AcademicYear, YearGroup) -> Double) -> Bool {
    years.allSatisfy { year in
        primary.allSatisfy { group in
            isClose(
                allocation.pupils(year, group).values.reduce(0, +) + allocation.unplaced(year, group),
                pupils(year, group))
        }
    }
}

@Suite("Sharing an area's pupils out to its schools")
struct SchoolAllocationTests {
    @Test("entry is admitted up to each PAN: preference 50/50, PANs 30 and 60, 100 pupils → 30, 60, 10 unplaced")
    func entryRespectsPANs() {
        let allocator = SchoolAllocator(
            supply: plan(), rolls: rolls([.reception: (25, 25)]), censusYear: AcademicYear(2019))
        #expect(allocator.rule == .respectPANs)
        let allocation = allocator.allocateArea("A", groups: primary, years: years) { year, group in
            group == .reception ? (year == AcademicYear(2019) ? 50 : 100) : 0
        }
        // 2020: preference 50/50 → 50 each; S1 full at 30, its 20 go to S2 (the only school with room), which
        // takes 10 of them up to its 60; 10 are unplaced.
        let reception = allocation.pupils(AcademicYear(2020), .reception)
        #expect(isClose(reception["S1"], 30))
        #expect(isClose(reception["S2"], 60))
        #expect(isClose(allocation.unplaced(AcademicYear(2020), .reception), 10))
        #expect(isClose(allocation.unplaced(AcademicYear(2020)), 10))
        // The origin is the census (25/25 of 50), however the places.
        #expect(isClose(allocation.pupils(AcademicYear(2019), .reception)["S1"], 25))
        // The old rule keeps the census share, above the PAN.
        let historical = SchoolAllocator(
            supply: plan(), rolls: rolls([.reception: (25, 25)]), rule: .historical, censusYear: AcademicYear(2019))
        #expect(isClose(historical.allocate(100, area: "A", group: .reception, year: AcademicYear(2020))["S1"], 50))
    }

    @Test("overflow goes to the schools with room in proportion to their preference shares")
    func overflowByPreference() {
        // Three schools, preference 60/30/10, PANs 30/60/60, 100 pupils: X gets 30 (60 asked); its 30 go 3:1 to
        // Y and Z: Y 30 + 22.5 = 52.5, Z 10 + 7.5 = 17.5.
        let supply = SupplyPlan(schools: [
            School(id: "X", name: "X", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210),
            School(id: "Y", name: "Y", phase: .primary, areaCode: "A", pan: 60, netCapacity: 420),
            School(id: "Z", name: "Z", phase: .primary, areaCode: "A", pan: 60, netCapacity: 420),
        ])
        let census = SchoolRolls([
            "X": [AcademicYear(2019): [.reception: 60]], "Y": [AcademicYear(2019): [.reception: 30]],
            "Z": [AcademicYear(2019): [.reception: 10]],
        ])
        let allocation = SchoolAllocator(supply: supply, rolls: census, censusYear: AcademicYear(2019))
            .allocateArea("A", groups: [.reception], years: [AcademicYear(2019), AcademicYear(2020)]) { _, _ in 100 }
        let reception = allocation.pupils(AcademicYear(2020), .reception)
        #expect(isClose(reception["X"], 30))
        #expect(isClose(reception["Y"], 52.5))
        #expect(isClose(reception["Z"], 17.5))
        #expect(isClose(allocation.unplaced(AcademicYear(2020), .reception), 0))
    }

    @Test("a PAN cut 60 → 30 from 2021 lowers Reception from 2021 and Year 1 from 2022, cohort by cohort")
    func panCutWorksThroughCohorts() {
        // S1 and S2 both PAN 60, preference 50/50 in every group; area 80 pupils in every group and year.
        // S2's PAN is cut to 30 from the 2021 intake.
        let cut = plan(
            pan1: 60, pan2: 60,
            changes: [PANChange(schoolID: "S2", fromYear: AcademicYear(2021), entryGroup: .reception, newPAN: 30)])
        let census = rolls(Dictionary(uniqueKeysWithValues: primary.map { ($0, (40.0, 40.0)) }))
        let pupils: (AcademicYear, YearGroup) -> Double = { _, _ in 80 }
        let allocation = SchoolAllocator(supply: cut, rolls: census, censusYear: AcademicYear(2019))
            .allocateArea("A", groups: primary, years: years, pupils: pupils)
        func s2(_ year: Int, _ group: YearGroup) -> Double? { allocation.pupils(AcademicYear(year), group)["S2"] }
        // Reception: 40 in 2020, then 30 (its PAN) from 2021; S1 takes the 10 (50).
        #expect(isClose(s2(2020, .reception), 40))
        #expect(isClose(s2(2021, .reception), 30))
        #expect(isClose(allocation.pupils(AcademicYear(2021), .reception)["S1"], 50))
        // Year 1: the 2020 intake (40) in 2021, the 2021 intake (30) from 2022; Year 2 from 2023.
        #expect(isClose(s2(2021, YearGroup(index: 1)!), 40))
        #expect(isClose(s2(2022, YearGroup(index: 1)!), 30))
        #expect(isClose(s2(2022, YearGroup(index: 2)!), 40))
        #expect(isClose(s2(2023, YearGroup(index: 2)!), 30))
        // Roll 2023: R, 1, 2 at 30 and 3–6 at 40 = 250, against capacity 7 × 60 − 3 × 30 = 330.
        #expect(isClose(allocation.roll("S2", AcademicYear(2023)), 250))
        #expect(isClose(cut.capacity(cut.schools[1], phase: .primary, AcademicYear(2023)), 330))
        #expect(keepsTotals(allocation, pupils))
        #expect(years.allSatisfy { isClose(allocation.unplaced($0), 0) })
    }

    @Test("a cohort moves with its school by the area's survival; growth beyond places goes to schools with room")
    func cohortsCarryForward() {
        // Census 2019: Reception S1 30 of 30 (full), S2 30 of 60. Area Year 1 in 2020 = 66 (survival 1.1).
        // S2 carries 33; S1 would carry 33 but has 30 places: its 3 go to S2 (the school with room): 36.
        let census = rolls([.reception: (30, 30)])
        let pupils: (AcademicYear, YearGroup) -> Double = { year, group in
            group == .reception ? 60 : (group.index == 1 && year == AcademicYear(2020) ? 66 : 0)
        }
        let allocation = SchoolAllocator(supply: plan(), rolls: census, censusYear: AcademicYear(2019))
            .allocateArea("A", groups: primary, years: Array(years.prefix(2)), pupils: pupils)
        let year1 = allocation.pupils(AcademicYear(2020), YearGroup(index: 1)!)
        #expect(isClose(year1["S1"], 30))
        #expect(isClose(year1["S2"], 36))
        // Shrinking cohorts shrink in proportion (survival 0.9: 27 and 27) — checked on the next year group.
        let shrinking = SchoolAllocator(supply: plan(), rolls: census, censusYear: AcademicYear(2019))
            .allocateArea("A", groups: primary, years: Array(years.prefix(2))) { year, group in
                group == .reception ? 60 : (group.index == 1 && year == AcademicYear(2020) ? 54 : 0)
            }
        #expect(isClose(shrinking.pupils(AcademicYear(2020), YearGroup(index: 1)!)["S1"], 27))
        #expect(isClose(shrinking.pupils(AcademicYear(2020), YearGroup(index: 1)!)["S2"], 27))
    }

    @Test("no step at the origin: with unchanged area totals the first forecast year keeps the census shares")
    func noStepAtTheOrigin() {
        // History 2017–2018: S1 has 50% of every group; the 2019 census: S1 has 40% of Reception and 60% of Year 1.
        // The old rule draws every group afresh from the 3-year mean (46.7% and 53.3%): a step. Cohorts instead
        // keep their census shares: Year 1 in 2020 is the 2019 Reception cohort, 40% S1.
        let census = rolls(
            [.reception: (25, 25), YearGroup(index: 1)!: (25, 25)],
            origin: [.reception: (20, 30), YearGroup(index: 1)!: (30, 20)])
        let groups: [YearGroup] = [.reception, YearGroup(index: 1)!]
        let pupils: (AcademicYear, YearGroup) -> Double = { _, _ in 50 }
        let allocation = SchoolAllocator(supply: plan(pan1: 60), rolls: census, censusYear: AcademicYear(2019))
            .allocateArea("A", groups: groups, years: Array(years.prefix(3)), pupils: pupils)
        // The origin reproduces the census.
        #expect(isClose(allocation.pupils(AcademicYear(2019), .reception)["S1"], 20))
        #expect(isClose(allocation.pupils(AcademicYear(2019), YearGroup(index: 1)!)["S1"], 30))
        // First forecast year: Year 1 = the census Reception cohort (20 of 50); Reception by the 3-year mean
        // (25 + 25 + 20) / 150 = 46.67% of 50 = 23.33.
        #expect(isClose(allocation.pupils(AcademicYear(2020), YearGroup(index: 1)!)["S1"], 20))
        #expect(isClose(allocation.pupils(AcademicYear(2020), .reception)["S1"], 70.0 / 3))
        // The old rule: Year 1 from the 3-year mean, (25 + 25 + 30) / 150 of 50 = 26.67: a jump from 20.
        let old = SchoolAllocator(
            supply: plan(pan1: 60), rolls: census, rule: .historical, censusYear: AcademicYear(2019))
        #expect(
            isClose(old.allocate(50, area: "A", group: YearGroup(index: 1)!, year: AcademicYear(2020))["S1"], 80.0 / 3))
        #expect(
            years.prefix(3).allSatisfy { year in
                groups.allSatisfy { group in
                    isClose(
                        allocation.pupils(year, group).values.reduce(0, +) + allocation.unplaced(year, group), 50)
                }
            })
    }

    @Test("area totals are kept to 1e-9 when demand exceeds every school's places, year after year")
    func totalsKeptUnderPressure() {
        let census = rolls(Dictionary(uniqueKeysWithValues: primary.map { ($0, (30.0, 50.0)) }))
        let pupils: (AcademicYear, YearGroup) -> Double = { year, group in
            80 + (7.3 + 1.1 * Double(group.index)) * Double(year.startYear - 2019)
        }
        let allocation = SchoolAllocator(supply: plan(), rolls: census, censusYear: AcademicYear(2019))
            .allocateArea("A", groups: primary, years: years, pupils: pupils)
        #expect(keepsTotals(allocation, pupils))
        // No school above its places in any forecast year and group.
        let supply = plan()
        #expect(
            years.dropFirst().allSatisfy { year in
                primary.allSatisfy { group in
                    supply.schools.allSatisfy { school in
                        (allocation.pupils(year, group)[school.id] ?? 0)
                            <= supply.places(school, group, year) + 1e-9
                    }
                }
            })
        #expect(allocation.unplaced(AcademicYear(2023)) > 0)
    }
}
