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
        // LA total 2020: 420 places, 415 pupils: 1.19% — but A is short, so the status says so: 1 area short by 10
        // places (B's 15 spare never offset them).
        #expect(isClose(row("LA", 2020)?.surplusPercent, 100 * 5 / 420.0))
        #expect(row("LA", 2020)?.status == .areasShort)
        #expect(row("LA", 2020)?.areasShort == 1)
        #expect(isClose(row("LA", 2020)?.placesShort, 10))
        #expect(row("A", 2020)?.areasShort == 1 && row("B", 2020)?.areasShort == 0)
        #expect(isClose(row("A", 2020)?.placesShort, 10))
        // 2019: no area short, the LA's own per cent decides: 31 spare of 420, 7.38%, within band.
        #expect(row("LA", 2019)?.areasShort == 0)
        #expect(row("LA", 2019)?.status == .withinBand)

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
        settings.buildTo = .zero
        let whole = PlacePlanner(areas: areas, supply: plan, allocator: allocator, settings: settings)
            .plan(forecast(origin: 2019, rows), census: census).buildNeeds[0]
        #expect(whole.firstShortfallYear == AcademicYear(2024))
        #expect(whole.peakYear == AcademicYear(2025))
        #expect(isClose(whole.peakShortfall, 50))
        #expect(whole.formsOfEntry == 1)  // 50 places ≤ 210 per form of entry
        #expect(whole.placesToBuild == 210)
        #expect(whole.decisionYear == AcademicYear(2021))
        #expect(whole.decisionStatus == .open)
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
        #expect(half.decisionStatus == .dueNow)  // the census year itself: due now, not overdue
        #expect(!half.isOverdue)
        // 290 short: 1.38 forms of 210 places → 2 whole, or 1.5 in halves (315 places).
        let big = primaryRows("A", 2021, total: 500)
        settings.allowHalfFormsOfEntry = false
        #expect(
            PlacePlanner(areas: areas, supply: plan, allocator: allocator, settings: settings)
                .plan(forecast(origin: 2019, big), census: census).buildNeeds[0].formsOfEntry == 2)
        settings.allowHalfFormsOfEntry = true
        #expect(
            PlacePlanner(areas: areas, supply: plan, allocator: allocator, settings: settings)
                .plan(forecast(origin: 2019, big), census: census).buildNeeds[0].formsOfEntry == 1.5)
    }

    /// The permanent build need of a one-area primary plan whose only school has `capacity` places, with `peak`
    /// pupils (spread over R–6) in 2023 and nothing forecast in the other years.
    private func permanentNeed(capacity: Double, peak: Double, _ settings: PlanningSettings) -> BuildNeed {
        let school = School(id: "S1", name: "One", phase: .primary, areaCode: "A", pan: 130, netCapacity: capacity)
        let plan = SupplyPlan(schools: [school])
        let planner = PlacePlanner(
            areas: [PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")], supply: plan,
            allocator: SchoolAllocator(supply: plan, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019)),
            settings: settings)
        let result = planner.plan(
            forecast(origin: 2019, primaryRows("A", 2023, total: peak)), census: census(["A": [2019: 800]]))
        return result.buildNeeds.first { $0.kind == .permanent }!
    }

    @Test("build to the target: enough forms of entry to bring the peak back to 5% surplus")
    func buildToTarget() {
        var settings = PlanningSettings()
        #expect(settings.buildTo == .target)
        // Peak 1,000 on 900 places: 1000 / 0.95 − 900 = 152.63 places → 1 FE (210): 1,110 places, 9.91% surplus.
        let small = permanentNeed(capacity: 900, peak: 1_000, settings)
        #expect(isClose(small.placesToMargin, 1_000 / 0.95 - 900))
        #expect(small.formsOfEntry == 1 && small.placesToBuild == 210)
        #expect(isClose(small.surplusPercentAfterBuild, 100 * 110 / 1_110.0))
        #expect(isClose(small.peakShortfall, 100))
        #expect(small.peakYear == AcademicYear(2023) && small.firstNeedYear == AcademicYear(2023))
        // Peak 1,100: to 5%, 1100 / 0.95 − 900 = 257.89 → 2 FE (420): 1,320 places, 220 spare, 16.67%.
        let big = permanentNeed(capacity: 900, peak: 1_100, settings)
        #expect(isClose(big.placesToMargin, 1_100 / 0.95 - 900))
        #expect(big.formsOfEntry == 2 && big.placesToBuild == 420)
        #expect(isClose(big.surplusPercentAfterBuild, 100 * 220 / 1_320.0))
        #expect(big.costExpansion == 420 * 21_000)
        // In half forms: 257.89 / 210 = 1.23 → 1.5 FE (315): 1,215 places, 115 spare, 9.47%.
        settings.allowHalfFormsOfEntry = true
        let half = permanentNeed(capacity: 900, peak: 1_100, settings)
        #expect(half.formsOfEntry == 1.5 && half.placesToBuild == 315)
        #expect(isClose(half.surplusPercentAfterBuild, 100 * 115 / 1_215.0))
        // build_to: zero covers the 200 short only: 1 FE (210), 1,110 places, 10 spare, 0.90% — below the target.
        settings.allowHalfFormsOfEntry = false
        settings.buildTo = .zero
        let zero = permanentNeed(capacity: 900, peak: 1_100, settings)
        #expect(isClose(zero.placesToMargin, 200))
        #expect(zero.formsOfEntry == 1 && zero.placesToBuild == 210)
        #expect(isClose(zero.surplusPercentAfterBuild, 100 * 10 / 1_110.0))
        // Below the target without a shortfall (880 on 900, 2.2%): a need to the target (880 / 0.95 − 900 =
        // 26.3 → 1 FE), none to zero.
        #expect(permanentNeed(capacity: 900, peak: 880, settings).formsOfEntry == 0)
        settings.buildTo = .target
        let belowTarget = permanentNeed(capacity: 900, peak: 880, settings)
        #expect(belowTarget.formsOfEntry == 1 && belowTarget.firstShortfallYear == nil)
        #expect(isClose(belowTarget.placesToMargin, 880 / 0.95 - 900))
    }

    @Test("decision status: due now in the census year, overdue before it, open after it")
    func decisionStatus() {
        // Three areas, one 1 FE school each (210 places); 220 pupils in one year each: A in 2022, B in 2021,
        // C in 2023. Lead time 3 years, census 2019: decide by 2019 (due now), 2018 (overdue), 2020 (open).
        let areas = ["A", "B", "C"].map { PlanningArea(code: $0, name: $0, phase: .primary, laCode: "LA") }
        let plan = SupplyPlan(
            schools: areas.map {
                School(id: "S\($0.code)", name: $0.code, phase: .primary, areaCode: $0.code, pan: 30, netCapacity: 210)
            })
        var settings = PlanningSettings()
        settings.buildTo = .zero
        let planner = PlacePlanner(
            areas: areas, supply: plan,
            allocator: SchoolAllocator(supply: plan, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019)),
            settings: settings)
        let rows =
            primaryRows("A", 2022, total: 220) + primaryRows("B", 2021, total: 220)
            + primaryRows("C", 2023, total: 220)
        let needs = planner.plan(
            forecast(origin: 2019, rows), census: census(["A": [2019: 200], "B": [2019: 200], "C": [2019: 200]])
        ).buildNeeds.filter { $0.kind == .permanent }
        func need(_ area: String) -> BuildNeed? { needs.first { $0.areaCode == area } }
        #expect(need("A")?.decisionYear == AcademicYear(2019) && need("A")?.decisionStatus == .dueNow)
        #expect(need("B")?.decisionYear == AcademicYear(2018) && need("B")?.decisionStatus == .overdue)
        #expect(need("B")?.isOverdue == true)
        #expect(need("C")?.decisionYear == AcademicYear(2020) && need("C")?.decisionStatus == .open)
    }

    @Test("a Reception shortfall is a bulge need even when the area total has room")
    func bulgeClass() {
        // One 1 FE school (PAN 30, 210 places). 2020: 40 in Reception, 20 in each of Years 1–6 (160, 50 spare):
        // Reception 10 short → 1 class of 30, decided in 2019 (due now). 2021: 65 in Reception (35 short → 2
        // classes, 60 places), 20 in Years 1–6 (185; 185 / 0.95 = 194.7 ≤ 210: no permanent need); decide by 2020.
        let plan = SupplyPlan(schools: [oneFormEntry])
        let planner = PlacePlanner(
            areas: [PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")], supply: plan,
            allocator: SchoolAllocator(supply: plan, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019)))
        let rows = [(2020, 40.0), (2021, 65.0)].flatMap { year, reception in
            (0...6).map { (area: "A", year: year, group: $0, pupils: $0 == 0 ? reception : 20.0) }
        }
        let needs = planner.plan(forecast(origin: 2019, rows), census: census(["A": [2019: 200]])).buildNeeds
        #expect(needs.first { $0.kind == .permanent }?.formsOfEntry == 0)
        let bulges = needs.filter { $0.kind == .bulge }
        #expect(bulges.count == 2)
        guard bulges.count == 2 else { return }
        #expect(bulges[0].yearGroup == reception && bulges[0].peakYear == AcademicYear(2020))
        #expect(isClose(bulges[0].placesToMargin, 10))
        #expect(bulges[0].formsOfEntry == 1 && bulges[0].placesToBuild == 30)
        #expect(bulges[0].decisionYear == AcademicYear(2019) && bulges[0].decisionStatus == .dueNow)
        #expect(isClose(bulges[0].surplusPercentAfterBuild, 100 * 20 / 60.0))
        #expect(bulges[0].costTemporary == 30 * 9_900)
        #expect(isClose(bulges[1].placesToMargin, 35))
        #expect(bulges[1].formsOfEntry == 2 && bulges[1].placesToBuild == 60)
        #expect(bulges[1].decisionYear == AcademicYear(2020) && bulges[1].decisionStatus == .open)
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
        // 2021 budget follows 2020's 175 pupils: 25 × £4,770 (the marginal rate) = £119,250 lost, 12.5% of the
        // £954,000 of 2020 (medium on the year) and of the census's (medium over 3 years: 10% ≤ 12.5% < 15%).
        #expect(isClose(second.incomeChange, -119_250))
        #expect(isClose(second.incomeChangeMediumTerm, -119_250))
        #expect(isClose(second.unfilledShare, 50 / 210.0))  // 23.8%: medium on its own
        #expect(second.level == .medium)
        #expect(
            second.reasons.contains {
                if case .unfilled(let percent, let threshold) = $0 {
                    return isClose(percent, 100 * 50 / 210.0) && threshold == 15
                }
                return false
            })
        for window in [1, 3] {
            #expect(
                second.reasons.contains {
                    if case .incomeLoss(let pounds, let percent, let years, let lag) = $0 {
                        return isClose(pounds, 119_250) && isClose(percent, 12.5) && years == window && lag == 1
                    }
                    return false
                })
        }
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
        "housing pupils phase in after completion, above the trend allowance, and reach secondary areas by transfer"
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
            supply: plan, rolls: rolls, rule: .historicalCapped, censusYear: AcademicYear(2019)
        )
        .allocate(100, area: "A", group: .reception, year: AcademicYear(2020))
        // X is capped at its 30 places; its 20 extra go to Y and Z in proportion 3:2 — Y reaches 30 (capped), the
        // rest goes to Z.
        #expect(isClose(capped["X"], 30))
        #expect(isClose(capped["Y"], 30))
        #expect(isClose(capped["Z"], 40))
        #expect(isClose(capped.values.reduce(0, +), 100))
        // Over capacity everywhere: every school full, the excess shared by places, total kept.
        let over = SchoolAllocator(
            supply: plan, rolls: rolls, rule: .historicalCapped, censusYear: AcademicYear(2019)
        )
        .allocate(150, area: "A", group: .reception, year: AcademicYear(2020))
        #expect(isClose(over.values.reduce(0, +), 150))
        #expect(isClose(over["Z"], 60 + 30 * 60 / 120))
        // No census: shares by places.
        let byPlaces = SchoolAllocator(supply: plan, rolls: nil, rule: .historical, censusYear: AcademicYear(2019))
            .allocate(120, area: "A", group: .reception, year: AcademicYear(2020))
        #expect(isClose(byPlaces["Z"], 60))
    }
}
