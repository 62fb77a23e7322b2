import Testing

@testable import PlaceForecast

private let reception = YearGroup.reception
private func group(_ index: Int) -> YearGroup { YearGroup(index: index)! }

/// A forecast of given pupils (all in Reception … Year 6 spread evenly is not needed: one row per group given).
private func forecast(origin: Int, _ rows: [(area: String, year: Int, group: Int, pupils: Double)]) -> Forecast {
    Forecast(
        modelName: "given", origin: AcademicYear(origin), horizon: rows.map { $0.year - origin }.max()!,
        rows: rows.map {
            ForecastRow(
                area: Area(code: $0.area, name: $0.area), year: AcademicYear($0.year),
                yearGroup: group($0.group), pupils: $0.pupils, method: "given")
        }, ratios: [], skipped: [], notes: [])
}

/// Pupils spread evenly over R–6 for an area and year.
private func primaryRows(
    _ area: String, _ year: Int, total: Double
) -> [(area: String, year: Int, group: Int, pupils: Double)] {
    (0...6).map { (area, year, $0, total / 7) }
}

private func census(_ data: [String: [Int: Double]]) -> CohortTable {
    cohortTable(
        data.mapValues { byYear in
            byYear.mapValues { total in
                Dictionary(uniqueKeysWithValues: (0...6).map { (YearGroup(index: $0)!.label, total / 7) })
            }
        })
}

@Suite("Supply: places, PAN changes, surplus, places needed, build needs")
struct SupplyTests {
    private let oneFormEntry = School(id: "S1", name: "One", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210)

    @Test("a PAN cut takes effect for the first affected intake, then one more year group each year")
    func panChangeWorksThrough() {
        let plan = SupplyPlan(
            schools: [oneFormEntry],
            panChanges: [PANChange(schoolID: "S1", fromYear: AcademicYear(2022), entryGroup: reception, newPAN: 15)])
        #expect(plan.places(oneFormEntry, reception, AcademicYear(2021)) == 30)
        #expect(plan.places(oneFormEntry, reception, AcademicYear(2022)) == 15)
        #expect(plan.places(oneFormEntry, group(1), AcademicYear(2022)) == 30)
        #expect(plan.places(oneFormEntry, group(1), AcademicYear(2023)) == 15)
        #expect(plan.places(oneFormEntry, group(6), AcademicYear(2027)) == 30)
        #expect(plan.places(oneFormEntry, group(6), AcademicYear(2028)) == 15)
        // Capacity: 210, then 15 fewer places for each cohort admitted at the new PAN.
        let capacities = (2021...2029).map { plan.capacity(oneFormEntry, phase: .primary, AcademicYear($0)) }
        #expect(capacities == [210, 195, 180, 165, 150, 135, 120, 105, 105])
    }

    @Test("surplus per planning area and LA total, with an area over capacity; statuses against 5% and 10%")
    func surplus() {
        let schools = [
            oneFormEntry,
            School(id: "S2", name: "Two", phase: .primary, areaCode: "B", pan: 30, netCapacity: 210),
        ]
        let areas = [
            PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA"),
            PlanningArea(code: "B", name: "B", phase: .primary, laCode: "LA"),
        ]
        let plan = SupplyPlan(schools: schools)
        let planner = PlacePlanner(
            areas: areas, supply: plan,
            allocator: SchoolAllocator(supply: plan, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019)))
        let result = planner.plan(
            forecast(origin: 2019, primaryRows("A", 2020, total: 220) + primaryRows("B", 2020, total: 195)),
            census: census(["A": [2019: 200], "B": [2019: 189]]))
        func row(_ area: String, _ year: Int) -> SurplusRow? {
            result.surplus.first { $0.areaCode == area && $0.year == AcademicYear(year) && $0.phase == .primary }
        }
        // Census year: A 10 spare (4.76%: below target), B 21 spare (10%: within band).
        #expect(isClose(row("A", 2019)?.surplusPercent, 100 * 10 / 210.0))
        #expect(row("A", 2019)?.status == .belowTarget)
        #expect(row("B", 2019)?.status == .withinBand)
        // 2020: A over capacity by 10 (−4.76%, shortfall); B 15 spare (7.14%, within band).
        #expect(isClose(row("A", 2020)?.surplusPlaces, -10))
        #expect(row("A", 2020)?.status == .shortfall)
        #expect(isClose(row("B", 2020)?.surplusPercent, 100 * 15 / 210.0))
        // LA total 2020: 420 places, 415 pupils: 1.19%, below target (spare places in B hide A's shortfall here).
        #expect(isClose(row("LA", 2020)?.surplusPercent, 100 * 5 / 420.0))
        #expect(row("LA", 2020)?.status == .belowTarget)

        // Places needed: A short by 10; B has 15 spare; the LA total counts A's 10 only — no offsetting.
        let needed = result.placesNeeded.filter { $0.yearGroup == nil && $0.year == AcademicYear(2020) }
        #expect(isClose(needed.first { $0.areaCode == "A" }?.placesNeeded, 10))
        #expect(isClose(needed.first { $0.areaCode == "B" }?.placesNeeded, -15))
        #expect(isClose(needed.first { $0.areaCode == "LA" }?.placesNeeded, 10))
        // Per year group: 220/7 pupils against 30 places in each.
        let perGroup = result.placesNeeded.first {
            $0.areaCode == "A" && $0.yearGroup == reception && $0.year == AcademicYear(2020)
        }
        #expect(isClose(perGroup?.placesNeeded, 220 / 7.0 - 30))
    }

    @Test("build needs: whole or half forms of entry, decision year from the lead time, cost per place")
    func buildNeeds() {
        let areas = [PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")]
        let plan = SupplyPlan(schools: [oneFormEntry])
        let allocator = SchoolAllocator(supply: plan, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019))
        // Shortfall of 10 from 2024, rising to 50 in 2025.
        let rows =
            primaryRows("A", 2020, total: 200) + primaryRows("A", 2024, total: 220) + primaryRows("A", 2025, total: 260)
        let census = census(["A": [2019: 200]])
        var settings = PlanningSettings()
        let whole = PlacePlanner(areas: areas, supply: plan, allocator: allocator, settings: settings)
            .plan(forecast(origin: 2019, rows), census: census).buildNeeds[0]
        #expect(whole.firstShortfallYear == AcademicYear(2024))
        #expect(whole.peakYear == AcademicYear(2025))
        #expect(isClose(whole.peakShortfall, 50))
        #expect(whole.formsOfEntry == 1)  // 50 places ≤ 210 per form of entry
        #expect(whole.placesToBuild == 210)
        #expect(whole.decisionYear == AcademicYear(2021))
        #expect(!whole.isOverdue)
        #expect(whole.costExpansion == 210 * 21_000)
        #expect(whole.costNewSchool == 210 * 25_100)
        settings.allowHalfFormsOfEntry = true
        settings.leadTimeYears = 5
        let half = PlacePlanner(areas: areas, supply: plan, allocator: allocator, settings: settings)
            .plan(forecast(origin: 2019, rows), census: census).buildNeeds[0]
        #expect(half.formsOfEntry == 0.5)
        #expect(half.placesToBuild == 105)
        #expect(half.decisionYear == AcademicYear(2019))
        #expect(half.isOverdue)
        // 290 short: 1.38 forms of 210 places → 2 whole, or 1.5 in halves (315 places).
        let big = primaryRows("A", 2021, total: 500)
        #expect(
            PlacePlanner(areas: areas, supply: plan, allocator: allocator)
                .plan(forecast(origin: 2019, big), census: census).buildNeeds[0].formsOfEntry == 2)
        #expect(
            PlacePlanner(areas: areas, supply: plan, allocator: allocator, settings: settings)
                .plan(forecast(origin: 2019, big), census: census).buildNeeds[0].formsOfEntry == 1.5)
    }

    @Test("deficit risk: income follows the roll a census later; unfilled places and income loss set the level")
    func deficitRiskWithCensusLag() throws {
        let areas = [PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")]
        let plan = SupplyPlan(schools: [oneFormEntry])
        // The census roll: 200 pupils in 2019 (school_rolls), all in the area.
        let rolls = SchoolRolls([
            "S1": [AcademicYear(2019): Dictionary(uniqueKeysWithValues: (0...6).map { (group($0), 200.0 / 7) })]
        ])
        let planner = PlacePlanner(
            areas: areas, supply: plan,
            allocator: SchoolAllocator(supply: plan, rolls: rolls, capToPlaces: false, censusYear: AcademicYear(2019)))
        let rows = primaryRows("A", 2020, total: 175) + primaryRows("A", 2021, total: 160)
        let risks = planner.plan(forecast(origin: 2019, rows), census: census(["A": [2019: 200]])).deficitRisk
        let first = try #require(risks.first { $0.year == AcademicYear(2020) })
        let second = try #require(risks.first { $0.year == AcademicYear(2021) })
        // 2020 budget follows the 2019 census: no change yet, though 25 pupils have gone.
        #expect(isClose(first.roll, 175))
        #expect(isClose(first.censusRoll, 200))
        #expect(isClose(first.incomeChange, 0))
        // 2021 budget follows 2020's 175 pupils: 25 × £5,300 = £132,500 lost (12.5% of £1.06m: high).
        #expect(isClose(second.incomeChange, -132_500))
        #expect(isClose(second.unfilledShare, 50 / 210.0))  // 23.8%: medium on its own
        #expect(second.level == .high)
        #expect(
            second.reasons.contains {
                if case .unfilled(let percent, let threshold) = $0 {
                    return isClose(percent, 100 * 50 / 210.0) && threshold == 15
                }
                return false
            })
        #expect(
            second.reasons.contains {
                if case .incomeLoss(let pounds, let percent, let lag) = $0 {
                    return isClose(pounds, 132_500) && isClose(percent, 12.5) && lag == 1
                }
                return false
            })
        // Intake per form of entry: 160/7 = 22.9 Reception pupils per 30 places < 25.
        #expect(isClose(second.intakePerFormOfEntry, 160 / 7.0))
        #expect(
            second.reasons.contains {
                if case .lowIntake(let perFormOfEntry, let minimum) = $0 {
                    return isClose(perFormOfEntry, 160 / 7.0) && minimum == 25
                }
                return false
            })
        // 2020: 16.7% unfilled (≥ 15%: medium), intake exactly 25 per form of entry (not below), no income change.
        #expect(first.level == .medium)
        #expect(first.reasons.count == 1)
    }
}

@Suite("Housing yield and school allocation")
struct HousingAndAllocationTests {
    @Test(
        "pupils from housing phase in after completion, above the trend allowance, and reach secondary areas by transfer"
    )
    func housingPhaseIn() {
        let yields = HousingYields(
            perDwelling: HousingYields.perPhase(primary: 0.21, secondary: 0.15, sixthForm: 0),
            phaseIn: [0.5, 1.0], trendAllowanceYears: 0)
        let housing = HousingSeries(["P": [AcademicYear(2021): 100]])
        let transfers = TransferShares(feeders: ["S": [("P", 0.8)]])
        let teaches = { (area: String, group: YearGroup) in area == "P" ? group.index <= 6 : group.index >= 7 }
        let pupils = yields.pupils(
            housing, origin: AcademicYear(2019), years: AcademicYear(2020)...AcademicYear(2023),
            teaches: teaches, transfers: transfers)
        #expect(pupils["P"]?[AcademicYear(2020)] == nil)  // nothing before completion
        #expect(isClose(pupils["P"]?[AcademicYear(2021)]?[.reception], 100 * 0.03 * 0.5))
        #expect(isClose(pupils["P"]?[AcademicYear(2022)]?[.reception], 100 * 0.03))
        #expect(isClose(pupils["P"]?[AcademicYear(2023)]?[.reception], 100 * 0.03))  // the last share holds
        // All secondary pupils go to S, the only destination of P's Year 6 (shares normalised).
        #expect(isClose(pupils["S"]?[AcademicYear(2022)]?[YearGroup(index: 7)!], 100 * 0.03))
        // With a 2-year allowance of the observed mean (40 a year), only 60 of the 100 in 2021 count.
        let allowed = HousingYields(perDwelling: yields.perDwelling, phaseIn: [0.5, 1.0], trendAllowanceYears: 2)
        let withHistory = HousingSeries([
            "P": [AcademicYear(2018): 30, AcademicYear(2019): 50, AcademicYear(2021): 100]
        ])
        let fewer = allowed.pupils(
            withHistory, origin: AcademicYear(2019), years: AcademicYear(2022)...AcademicYear(2022),
            teaches: teaches, transfers: nil)
        // The symmetric allowance (the default) also counts 2020, absent from the series and so 0 completions, as
        // 40 below the trend's rate: (100 − 40) × 1.0 + (0 − 40) × 1.0 = 20 dwellings' worth by 2022.
        #expect(isClose(fewer["P"]?[AcademicYear(2022)]?[.reception], 20 * 0.03))
        #expect(fewer["S"] == nil)  // no transfer shares: secondary pupils cannot be placed
        // Above the allowance only (the old rule), 2020 adds nothing and only the 60 count.
        var aboveOnly = allowed
        aboveOnly.trendAllowance = .aboveOnly
        let above = aboveOnly.pupils(
            withHistory, origin: AcademicYear(2019), years: AcademicYear(2022)...AcademicYear(2022),
            teaches: teaches, transfers: nil)
        #expect(isClose(above["P"]?[AcademicYear(2022)]?[.reception], 60 * 0.03))
    }

    @Test("housing pupils are added on top of the trend and kept visible")
    func forecastWithHousing() {
        let base = Forecast(
            modelName: "m", origin: AcademicYear(2019), horizon: 2,
            rows: [
                ForecastRow(
                    area: Area(code: "P", name: "P"), year: AcademicYear(2021), yearGroup: .reception, pupils: 100,
                    method: "m", interval80: 90...110)
            ], ratios: [], skipped: [], notes: [])
        let yields = HousingYields(perDwelling: [.reception: 0.1], phaseIn: [1], trendAllowanceYears: 0)
        let row = base.addingHousing(HousingSeries(["P": [AcademicYear(2021): 50]]), yields: yields, transfers: nil)
            .rows[0]
        #expect(row.pupils == 105)
        #expect(row.housingPupils == 5)
        #expect(row.trendPupils == 100)
        #expect(row.interval80 == 95...115)
    }

    @Test("historical shares keep the area total, follow the census, and fill schools up to places when capped")
    func allocation() {
        let schools = [
            School(id: "X", name: "X", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210),
            School(id: "Y", name: "Y", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210),
            School(id: "Z", name: "Z", phase: .primary, areaCode: "A", pan: 60, netCapacity: 420),
        ]
        let plan = SupplyPlan(schools: schools)
        // Census Reception shares: X 50%, Y 30%, Z 20% (in 2019; 2018 and 2017 absent).
        let rolls = SchoolRolls([
            "X": [AcademicYear(2019): [.reception: 50]], "Y": [AcademicYear(2019): [.reception: 30]],
            "Z": [AcademicYear(2019): [.reception: 20]],
        ])
        let free = SchoolAllocator(supply: plan, rolls: rolls, rule: .historical, censusYear: AcademicYear(2019))
            .allocate(100, area: "A", group: .reception, year: AcademicYear(2020))
        #expect(isClose(free["X"], 50) && isClose(free["Y"], 30) && isClose(free["Z"], 20))
        let capped = SchoolAllocator(
            supply: plan, rolls: rolls, rule: .historicalCapped, censusYear: AcademicYear(2019))
            .allocate(100, area: "A", group: .reception, year: AcademicYear(2020))
        // X is capped at its 30 places; its 20 extra go to Y and Z in proportion 3:2 — Y reaches 30 (capped), the
        // rest goes to Z.
        #expect(isClose(capped["X"], 30))
        #expect(isClose(capped["Y"], 30))
        #expect(isClose(capped["Z"], 40))
        #expect(isClose(capped.values.reduce(0, +), 100))
        // Over capacity everywhere: every school full, the excess shared by places, total kept.
        let over = SchoolAllocator(
            supply: plan, rolls: rolls, rule: .historicalCapped, censusYear: AcademicYear(2019))
            .allocate(150, area: "A", group: .reception, year: AcademicYear(2020))
        #expect(isClose(over.values.reduce(0, +), 150))
        #expect(isClose(over["Z"], 60 + 30 * 60 / 120))
        // No census: shares by places.
        let byPlaces = SchoolAllocator(supply: plan, rolls: nil, rule: .historical, censusYear: AcademicYear(2019))
            .allocate(120, area: "A", group: .reception, year: AcademicYear(2020))
        #expect(isClose(byPlaces["Z"], 60))
    }
}
