import Testing

@testable import PlaceForecast
@testable import PlaceIO

private let earlyContext = ScenarioFile.Context(
    schools: [], areas: [PlanningArea(code: "P01", name: "North", phase: .primary, laCode: "LA")],
    origin: AcademicYear(2019),
    providers: [
        EarlyYearsProvider(
            id: "EY01", name: "Nursery", areaCode: "P01", type: .pvi, placesUnder2: 10, places2: 20, places34: 60,
            hoursPerWeek: 50)
    ], hasEarlyYears: true)

@Suite("Scenario files: early_years")
struct EarlyYearsScenarioFileTests {
    @Test("take-up, entitlement uptake and provider places parse")
    func parses() throws {
        let scenario = try ScenarioFile.parse(
            """
            early_years:
              take_up_change_pct: -5
              entitlement_uptake: 0.5
              provider_places: [{ provider_id: EY01, places_3_4yo: 90, places_2yo: 20 }]
            """, file: "ey.yaml", context: earlyContext)
        #expect(scenario.earlyYears.takeUpChangePercent == -5 && scenario.earlyYears.entitlementUptake == 0.5)
        #expect(scenario.earlyYears.providerPlaces == ["EY01": [.threeFour: 90]])
        // places_2yo: 20 is what EY01 already offers: a warning, not an error.
        #expect(scenario.warnings == ["early_years: EY01 places_2yo is already 20: no change"])
    }

    @Test("an unknown provider is an error located by line and column")
    func unknownProvider() {
        #expect(throws: InputError.self) {
            try ScenarioFile.parse(
                "early_years:\n  provider_places: [{ provider_id: EY99, places_2yo: 5 }]\n", file: "ey.yaml",
                context: earlyContext)
        }
        do {
            _ = try ScenarioFile.parse(
                "early_years:\n  provider_places: [{ provider_id: EY99, places_2yo: 5 }]\n", file: "ey.yaml",
                context: earlyContext)
        } catch {
            #expect(error.line == 2 && error.columnNumber == 36)
            #expect(error.problem == "unknown provider 'EY99'")
        }
    }

    @Test("a change that changes nothing, or no early-years inputs, is a warning")
    func warnings() throws {
        let nothing = try ScenarioFile.parse(
            "early_years: { take_up_change_pct: 0, entitlement_uptake: 1 }\n", file: "ey.yaml", context: earlyContext)
        #expect(nothing.earlyYears.isEmpty)
        #expect(
            nothing.warnings == [
                "early_years: take_up_change_pct is 0; entitlement_uptake is 1 (as assumed): no change"
            ])
        let withoutInputs = try ScenarioFile.parse(
            "early_years: { take_up_change_pct: 5 }\n", file: "ey.yaml",
            context: ScenarioFile.Context(schools: [], areas: [], origin: AcademicYear(2019)))
        #expect(withoutInputs.warnings == ["early_years changes nothing: the inputs have no early_years.csv"])
    }
}
