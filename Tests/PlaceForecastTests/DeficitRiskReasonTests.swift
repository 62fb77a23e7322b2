import Testing

@testable import PlaceForecast

/// Deficit risk of one one-form-entry primary school (PAN 30, 210 places), the only school of area "A", with a
/// census roll of `census` in 2019 and the given area totals (spread evenly over R–6) in later years.
private func risks(
    census: Double, _ totals: [Int: Double], finance: FinanceSettings, panChanges: [PANChange] = []
) -> [AcademicYear: DeficitRisk] {
    let school = School(id: "S1", name: "One", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210)
    let plan = SupplyPlan(schools: [school], panChanges: panChanges)
    let planner = PlacePlanner(
        areas: [PlanningArea(code: "A", name: "A", phase: .primary, laCode: "LA")], supply: plan,
        allocator: SchoolAllocator(supply: plan, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019)),
        finance: finance)
    let rows = totals.flatMap { year, total in
        (0...6).map {
            ForecastRow(
                area: Area(code: "A", name: "A"), year: AcademicYear(year), yearGroup: YearGroup(index: $0)!,
                pupils: total / 7, method: "given")
        }
    }
    let forecast = Forecast(
        modelName: "given", origin: AcademicYear(2019), horizon: totals.keys.max()! - 2019,
        rows: rows, ratios: [], skipped: [], notes: [])
    let censusTable = cohortTable([
        "A": [
            2019: Dictionary(
                uniqueKeysWithValues: (0...6).map {
                    (YearGroup(index: $0)!.label, census / 7)
                })
        ]
    ])
    let result = planner.plan(forecast, census: censusTable).deficitRisk
    return Dictionary(uniqueKeysWithValues: result.map { ($0.year, $0) })
}

/// Finance settings with only one reason able to fire.
private func only(unfilled: Bool = false, intake: Bool = false, income: Bool = false) -> FinanceSettings {
    var finance = FinanceSettings()
    if !unfilled { finance.unfilledThresholds = UnfilledThresholds(low: 101, medium: 101, high: 101) }
    if !intake { finance.minimumIntakePerFormOfEntry = 0 }
    if !income {
        finance.incomeLossPercent = 1_000
        finance.mediumTermLossPercent = LossThresholds(medium: 1_000, high: 1_000)
    }
    return finance
}

@Suite("Deficit-risk reasons")
struct DeficitRiskReasonTests {
    @Test("unfilled places: the highest threshold reached names the level")
    func unfilled() throws {
        // Thresholds 10/15/25: 2020: 185 of 210 (11.9%, low), 2021: 175 (16.7%, medium), 2022: 150 (28.6%, high),
        // 2023: 200 (4.8%).
        var finance = only(unfilled: true)
        finance.unfilledThresholds = UnfilledThresholds(low: 10, medium: 15, high: 25)
        let byYear = risks(census: 200, [2020: 185, 2021: 175, 2022: 150, 2023: 200], finance: finance)
        let expected: [(Int, Double, Double, DeficitRisk.Level)] =
            [(2020, 25, 10, .low), (2021, 35, 15, .medium), (2022, 60, 25, .high)]
        for (year, empty, threshold, level) in expected {
            let risk = try #require(byYear[AcademicYear(year)])
            #expect(risk.level == level)
            #expect(risk.reasons.count == 1)
            guard case .unfilled(let percent, let reached) = risk.reasons.first else {
                Issue.record("expected an unfilled reason in \(year)")
                continue
            }
            #expect(isClose(percent, 100 * empty / 210))
            #expect(reached == threshold)
        }
        #expect(byYear[AcademicYear(2023)]?.reasons == [])
        #expect(byYear[AcademicYear(2023)]?.level == DeficitRisk.Level.none)
    }

    @Test("a low intake per form of entry is a medium risk")
    func lowIntake() throws {
        // 168 pupils: 24 in Reception for 30 places, below 25; 175 pupils: exactly 25, not below.
        let byYear = risks(census: 200, [2020: 168, 2021: 175], finance: only(intake: true))
        let low = try #require(byYear[AcademicYear(2020)])
        #expect(low.level == .medium)
        guard case .lowIntake(let perFormOfEntry, let minimum) = low.reasons.first, low.reasons.count == 1 else {
            Issue.record("expected one low-intake reason, got \(low.reasons)")
            return
        }
        #expect(isClose(perFormOfEntry, 24))
        #expect(minimum == 25)
        #expect(byYear[AcademicYear(2021)]?.reasons == [])
    }

    @Test("the defaults: a marginal rate of 90% of the average per pupil, high unfilled from a third of places")
    func defaults() {
        let finance = FinanceSettings()
        #expect(finance.ratePerPupil[.primary] == 4_770)  // 0.9 × £5,300
        #expect(finance.ratePerPupil[.secondary] == 6_147)  // 0.9 × £6,830
        #expect(finance.unfilledThresholds == UnfilledThresholds(low: 10, medium: 15, high: 33))
        #expect(finance.mediumTermYears == 3)
        #expect(finance.mediumTermLossPercent == LossThresholds(medium: 10, high: 15))
    }

    @Test("lost funded income a census later, on the year before (medium from 5%) and over 3 years (10%, 15%)")
    func incomeLoss() throws {
        // Census 200. Funded roll in Y = roll in Y − 1 (the census's 200 up to 2020): 2020 200, 2021 196,
        // 2022 182, 2023 175, 2024 165. At £4,770 a pupil:
        // 2021: −4 on the year (2.0%), −4 on 3 years (2.0%): nothing.
        // 2022: −14 on the year (£66,780, 14/196 = 7.14%: medium); −18 over 3 years (£85,860, 9%): nothing.
        // 2023: −7 on the year (£33,390, 3.85%); −25 over 3 years against 2020's 200 (£119,250, 12.5%: medium).
        // 2024: −10 on the year (£47,700, 10/175 = 5.71%: medium); −31 over 3 years against 2021's 196
        // (£147,870, 15.82%: high).
        let byYear = risks(
            census: 200, [2020: 196, 2021: 182, 2022: 175, 2023: 165, 2024: 165], finance: only(income: true))
        let first = try #require(byYear[AcademicYear(2020)])
        #expect(first.reasons == [])
        #expect(isClose(first.incomeChange, 0))
        #expect(isClose(first.fundedRoll, 200))
        let second = try #require(byYear[AcademicYear(2021)])
        #expect(second.reasons == [])
        #expect(isClose(second.incomeChange, -19_080))
        #expect(isClose(second.incomeChangeMediumTerm, -19_080))
        let expected: [(Int, DeficitRisk.Level, yearOnYear: Double, mediumTerm: Double, [(Double, Double, Int)])] = [
            (2022, .medium, -66_780, -85_860, [(66_780, 100 * 14 / 196.0, 1)]),
            (2023, .medium, -33_390, -119_250, [(119_250, 12.5, 3)]),
            (2024, .high, -47_700, -147_870, [(47_700, 100 * 10 / 175.0, 1), (147_870, 100 * 31 / 196.0, 3)]),
        ]
        for (year, level, yearOnYear, mediumTerm, reasons) in expected {
            let risk = try #require(byYear[AcademicYear(year)])
            #expect(risk.level == level, "\(year)")
            #expect(isClose(risk.incomeChange, yearOnYear), "\(year)")
            #expect(isClose(risk.incomeChangeMediumTerm, mediumTerm), "\(year)")
            #expect(risk.reasons.count == reasons.count, "\(year): \(risk.reasons)")
            for (reason, (pounds, percent, years)) in zip(risk.reasons, reasons) {
                guard case .incomeLoss(let lost, let share, let window, let lag) = reason else {
                    Issue.record("expected an income-loss reason in \(year), got \(reason)")
                    continue
                }
                #expect(isClose(lost, pounds) && isClose(share, percent) && window == years && lag == 1, "\(year)")
            }
        }
    }

    @Test("sixth form is funded apart: a fall in Years 12–13 costs no pupil-led income")
    func sixthFormExcluded() throws {
        // One secondary school (PAN 30, 210 places: 150 in Years 7–11, 60 in the sixth form). Census: 30 in each of
        // Years 7–13 (210). 2020: 29 in each of Years 7–11 (145) and no sixth form; 2021 the same.
        let school = School(id: "S1", name: "One", phase: .secondary, areaCode: "S", pan: 30, netCapacity: 210)
        let plan = SupplyPlan(schools: [school])
        let planner = PlacePlanner(
            areas: [PlanningArea(code: "S", name: "S", phase: .secondary, laCode: "LA")], supply: plan,
            allocator: SchoolAllocator(supply: plan, rolls: nil, capToPlaces: false, censusYear: AcademicYear(2019)),
            finance: only(income: true))
        let rows = [2020, 2021].flatMap { year in
            (7...13).map {
                ForecastRow(
                    area: Area(code: "S", name: "S"), year: AcademicYear(year), yearGroup: YearGroup(index: $0)!,
                    pupils: $0 <= 11 ? 29 : 0, method: "given")
            }
        }
        let forecast = Forecast(
            modelName: "given", origin: AcademicYear(2019), horizon: 2, rows: rows, ratios: [], skipped: [],
            notes: [])
        let census = cohortTable([
            "S": [2019: Dictionary(uniqueKeysWithValues: (7...13).map { (YearGroup(index: $0)!.label, 30.0) })]
        ])
        let risks = planner.plan(forecast, census: census).deficitRisk
        let risk = try #require(risks.first { $0.year == AcademicYear(2021) })
        // The whole roll fell by 65 (210 → 145), the funded roll by 5 (150 → 145): −5 × £6,147 = −£30,735,
        // 3.3% of £922,050 — no reason. Counting the sixth form it would have been −65 × £6,147 = −£399,555.
        #expect(isClose(risk.roll, 145))
        #expect(isClose(risk.fundedRoll, 145))
        #expect(isClose(risk.incomeChange, -30_735))
        #expect(isClose(risk.incomeChangeMediumTerm, -30_735))
        #expect(risk.reasons == [])
    }

    @Test("over capacity is a reason: low for any excess, medium from 5% of capacity")
    func overCapacity() throws {
        // 2020: 224 on a 210-place roll, 14 over (6.67%: medium); 2021: 217, 7 over (3.33%: low).
        let byYear = risks(census: 200, [2020: 224, 2021: 217], finance: only())
        let first = try #require(byYear[AcademicYear(2020)])
        #expect(first.level == .medium)
        #expect(first.reasons.count == 1)
        guard case .overCapacity(let pupils, let percent) = first.reasons.first else {
            Issue.record("expected an over-capacity reason, got \(first.reasons)")
            return
        }
        #expect(isClose(pupils, 14) && isClose(percent, 100 * 14 / 210.0))
        let second = try #require(byYear[AcademicYear(2021)])
        #expect(second.level == .low)
        guard case .overCapacity(let pupils, let percent) = second.reasons.first else {
            Issue.record("expected an over-capacity reason, got \(second.reasons)")
            return
        }
        #expect(isClose(pupils, 7) && isClose(percent, 100 * 7 / 210.0))
    }

    @Test("a planned PAN cut is told apart from demographic decline")
    func panReduction() throws {
        // PAN 30 → 15 from the 2020 intake: capacity 195 in 2020, 180 in 2021. Rolls 190 and 170 against a census
        // of 200: falls of 10 and 30, of which 10 (≤ 15 places removed) and 30 (≤ 30) are the PAN cut.
        let cut = PANChange(schoolID: "S1", fromYear: AcademicYear(2020), entryGroup: .reception, newPAN: 15)
        let byYear = risks(census: 200, [2020: 190, 2021: 170, 2022: 205], finance: only(), panChanges: [cut])
        let expected: [(Int, Double, Double, Double)] = [(2020, 10, 10, 15), (2021, 30, 30, 30)]
        for (year, pupils, fall, places) in expected {
            let risk = try #require(byYear[AcademicYear(year)])
            #expect(risk.level == DeficitRisk.Level.none)
            #expect(isClose(risk.panChangePlaces, -places))
            #expect(isClose(risk.rollFallFromPANChange, pupils))
            guard case .panReduction(let fromCut, let total, let removed) = risk.reasons.first,
                risk.reasons.count == 1
            else {
                Issue.record("expected one PAN-reduction reason in \(year), got \(risk.reasons)")
                continue
            }
            #expect(isClose(fromCut, pupils) && isClose(total, fall) && isClose(removed, places))
        }
        // 2022: capacity 165, roll 205 — no fall, so no PAN reason (over capacity by 40 instead, 24.2%: medium).
        let third = try #require(byYear[AcademicYear(2022)])
        #expect(isClose(third.rollFallFromPANChange, 0))
        #expect(third.level == .medium)
    }
}
