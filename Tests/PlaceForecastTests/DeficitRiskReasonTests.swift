import Testing

@testable import PlaceForecast

/// Deficit risk of one one-form-entry primary school (PAN 30, 210 places), the only school of area "A", with a
/// census roll of `census` in 2019 and the given area totals (spread evenly over R–6) in later years.
private func risks(census: Double, _ totals: [Int: Double], finance: FinanceSettings) -> [AcademicYear: DeficitRisk] {
    let school = School(id: "S1", name: "One", phase: .primary, areaCode: "A", pan: 30, netCapacity: 210)
    let plan = SupplyPlan(schools: [school])
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
    if !income { finance.incomeLossPercent = 1_000 }
    return finance
}

@Suite("Deficit-risk reasons")
struct DeficitRiskReasonTests {
    @Test("unfilled places: the highest threshold reached names the level")
    func unfilled() throws {
        // 2020: 185 of 210 (11.9%, low), 2021: 175 (16.7%, medium), 2022: 150 (28.6%, high), 2023: 200 (4.8%).
        let byYear = risks(census: 200, [2020: 185, 2021: 175, 2022: 150, 2023: 200], finance: only(unfilled: true))
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

    @Test("lost pupil-led income a census later: medium from 5%, high from twice that")
    func incomeLoss() throws {
        // Census 200 (£1,060,000 at £5,300). A year's budget follows the previous year's roll: 2021 follows
        // 2020's 185 (−15 pupils, £79,500, 7.5%: medium); 2022 follows 2021's 175 (−25, £132,500, 12.5%: high).
        let byYear = risks(census: 200, [2020: 185, 2021: 175, 2022: 175], finance: only(income: true))
        #expect(byYear[AcademicYear(2020)]?.reasons == [])
        let expected: [(Int, Double, Double, DeficitRisk.Level)] =
            [(2021, 79_500, 7.5, .medium), (2022, 132_500, 12.5, .high)]
        for (year, pounds, percent, level) in expected {
            let risk = try #require(byYear[AcademicYear(year)])
            #expect(risk.level == level)
            guard case .incomeLoss(let lost, let share, let lag) = risk.reasons.first, risk.reasons.count == 1 else {
                Issue.record("expected one income-loss reason in \(year), got \(risk.reasons)")
                continue
            }
            #expect(isClose(lost, pounds))
            #expect(isClose(share, percent))
            #expect(lag == 1)
        }
    }
}
