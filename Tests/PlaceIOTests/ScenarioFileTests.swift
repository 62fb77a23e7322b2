import Testing
@testable import PlaceForecast
@testable import PlaceIO

private let context = ScenarioFile.Context(
    schools: [School(id: "PRI001", name: "One", phase: .primary, areaCode: "P01", pan: 60, netCapacity: 420)],
    areas: [PlanningArea(code: "P01", name: "North", phase: .primary, laCode: "LA")],
    origin: AcademicYear(2019))

private func parseError(_ text: String) -> InputError? {
    do {
        _ = try ScenarioFile.parse(text, file: "s.yaml", context: context)
    } catch {
        return error
    }
    return nil
}

@Suite("Scenario files")
struct ScenarioFileTests {
    @Test("every kind of change parses")
    func parsesEverything() throws {
        let scenario = try ScenarioFile.parse("""
            name: all
            pan_changes: [{ school: PRI001, from: 2022, pan: 30 }]
            closures: [{ school: PRI001, last_year: 2025 }]
            openings: [{ id: NEW, name: New, phase: primary, area: P01, pan: 30, net_capacity: 210, from: 2024 }]
            capacity_changes: [{ area: P01, phase: primary, places: 60, from: 2022, until: 2023 }]
            births: { percent: -5, replace: { P01: { 2021: 600 } } }
            housing: { percent: 20, delay_years: 1 }
            send_growth_points: 2
            model: mean3
            """, file: "all.yaml", context: context)
        #expect(scenario.panChanges == [PANChange(schoolID: "PRI001", fromYear: AcademicYear(2022), entryGroup: .reception, newPAN: 30)])
        #expect(scenario.closures.first?.lastYear == AcademicYear(2025))
        #expect(scenario.openings.first?.opens == AcademicYear(2024))
        #expect(scenario.capacityChanges.first?.until == AcademicYear(2023))
        #expect(scenario.birthsPercent == -5)
        #expect(scenario.birthsReplacement["P01"]?[2021] == 600)
        #expect(scenario.housingDelayYears == 1)
        #expect(scenario.sendGrowthPoints == 2)
        #expect(scenario.model == .named("mean3"))
    }

    @Test("invalid scenarios are located by line and column, with what to do")
    func invalid() {
        let unknown = parseError("name: x\npan_changes:\n  - { school: PRI999, from: 2021, pan: 30 }\n")
        #expect(unknown?.line == 3)
        #expect(unknown?.problem == "unknown school 'PRI999'")
        // Origin 2019/20 (census January 2020): consultation October 2020 to January 2021, determination by 28
        // February 2021, first intake September 2022 (DOMAIN.md, admissions timetable).
        let tooSoon = parseError("name: x\npan_changes:\n  - { school: PRI001, from: 2021, pan: 30 }\n")
        #expect(tooSoon?.problem.contains("first applies to the 2022 intake") == true)
        #expect(parseError("name: x\npan_chnages: []\n")?.problem == "unknown setting 'pan_chnages'")
        #expect(parseError("name: base\n")?.problem.contains("reserved") == true)
        #expect(parseError("capacity_changes: [{ area: P09, phase: primary, places: 30, from: 2022 }]\n")?.problem
                == "unknown planning area 'P09'")
        #expect(parseError("capacity_changes: [{ area: P01, places: 30, from: 2023, until: 2022 }]\n")?.problem
                == "until is before from")
        #expect(parseError("pan_changes: [{ school: PRI001, from: 2022 }]\n")?.problem == "missing setting 'pan'")
    }
}
