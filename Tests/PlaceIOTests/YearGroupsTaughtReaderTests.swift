import Testing

@testable import PlaceForecast
@testable import PlaceIO

private let areas = [
    PlanningArea(code: "P01", name: "North", phase: .primary, laCode: "LA"),
    PlanningArea(code: "S01", name: "North", phase: .secondary, laCode: "LA"),
]

private func schools(_ text: String) throws(InputError) -> [School] {
    try SupplyReaders.schools(CSVTable(text: text, file: "schools.csv"), areas: areas)
}

private func error(_ text: String) -> InputError? {
    do {
        _ = try schools(text)
        return nil
    } catch { return error }
}

private let header =
    "school_id,school_name,phase,area_code,pan,net_capacity,secondary_pan,first_year_group,last_year_group,"
    + "secondary_area_code"

@Suite("schools.csv year groups taught and secondary_area_code")
struct YearGroupsTaughtReaderTests {
    @Test("infant, junior and all-through ranges are read; blank means the phase's range")
    func valid() throws {
        let read = try schools(
            """
            \(header)
            I,Infant,primary,P01,60,180,,R,2,
            J,Junior,primary,P01,60,240,,3,6,
            P,Primary,primary,P01,30,210,,,,
            T,All-through,all-through,P01,60,1320,180,R,11,S01
            S,Secondary,secondary,S01,180,900,,,11,

            """)
        #expect(read.map(\.firstYearGroup.label) == ["R", "3", "R", "R", "7"])
        #expect(read.map(\.lastYearGroup.label) == ["2", "6", "6", "11", "11"])
        #expect(read[1].entryYearGroups.map(\.label) == ["3"])
        #expect(read[3].secondaryAreaCode == "S01")
        #expect(read[3].secondaryPAN == 180)
        #expect(read[2].secondaryAreaCode == nil)
        // Without the columns: the phase's range.
        let plain = try schools(
            """
            school_id,school_name,phase,area_code,pan,net_capacity
            S,Secondary,secondary,S01,180,900

            """)
        #expect(plain[0].yearGroups.map(\.label) == (7...13).map(String.init))
        // pan_secondary is read as secondary_pan.
        let alias = try schools(
            """
            school_id,school_name,phase,area_code,pan,net_capacity,pan_secondary
            T,All-through,all-through,S01,60,1320,120

            """)
        #expect(alias[0].secondaryPAN == 120)
    }

    @Test("an impossible range is an error located by line and column")
    func impossibleRanges() {
        let outside = error("\(header)\nI,Infant,primary,P01,60,180,,R,9,\n")
        #expect(outside?.line == 2)
        #expect(outside?.column == "last_year_group")
        #expect(outside?.columnNumber == 9)
        #expect(outside?.description.contains("a primary school teaches year groups R–6, not R–9") == true)

        let reversed = error("\(header)\nJ,Junior,primary,P01,60,240,,5,3,\n")
        #expect(reversed?.column == "last_year_group")
        #expect(reversed?.description.contains("first_year_group 5 is after last_year_group 3") == true)

        let secondaryFirst = error("\(header)\nS,Secondary,secondary,S01,60,240,,R,11,\n")
        #expect(secondaryFirst?.column == "first_year_group")
        #expect(secondaryFirst?.columnNumber == 8)

        let notAYearGroup = error("\(header)\nI,Infant,primary,P01,60,180,,R,X,\n")
        #expect(notAYearGroup?.column == "last_year_group")
        #expect(notAYearGroup?.description.contains("'X' is not a year group") == true)

        let oneSided = error("\(header)\nT,All-through,all-through,P01,60,420,,R,6,S01\n")
        #expect(oneSided?.description.contains("an all-through school teaches both phases") == true)
    }

    @Test("secondary_area_code: a secondary area, of an all-through school whose area_code is primary")
    func secondaryArea() {
        let unknown = error("\(header)\nT,All-through,all-through,P01,60,1320,180,R,11,S09\n")
        #expect(unknown?.line == 2)
        #expect(unknown?.column == "secondary_area_code")
        #expect(unknown?.columnNumber == 10)
        #expect(unknown?.description.contains("unknown planning area 'S09'") == true)

        let primaryArea = error("\(header)\nT,All-through,all-through,P01,60,1320,180,R,11,P01\n")
        #expect(primaryArea?.description.contains("P01 is a primary planning area") == true)

        let notAllThrough = error("\(header)\nP,Primary,primary,P01,30,210,,,,S01\n")
        #expect(notAllThrough?.column == "secondary_area_code")
        #expect(notAllThrough?.description.contains("only an all-through school") == true)

        let swapped = error("\(header)\nT,All-through,all-through,S01,60,1320,180,R,11,S01\n")
        #expect(swapped?.column == "area_code")
    }

    @Test("pan_changes.csv: a junior school's entry year group is Year 3, not Reception")
    func juniorPANChange() throws {
        let read = try schools("\(header)\nJ,Junior,primary,P01,60,240,,3,6,\n")
        let changes = try SupplyReaders.panChanges(
            CSVTable(text: "school_id,year,pan\nJ,2024,30\n", file: "pan_changes.csv"), schools: read)
        #expect(changes.first?.entryGroup.label == "3")
        var caught: InputError?
        do {
            _ = try SupplyReaders.panChanges(
                CSVTable(text: "school_id,year,pan,entry_year_group\nJ,2024,30,R\n", file: "pan_changes.csv"),
                schools: read)
        } catch { caught = error }
        #expect(caught?.column == "entry_year_group")
        #expect(caught?.description.contains("'R' is not an entry year group of school J. Use 3") == true)
    }

    @Test("a suggested Year 7 cut at an all-through school names its entry year group; a Reception cut does not")
    func suggestedEntryYearGroup() throws {
        let read = try schools(
            "\(header)\nT,All-through,all-through,P01,60,1320,180,R,11,S01\nP,Primary,primary,P01,60,420,,,,\n")
        func proposal(_ id: String, _ entry: YearGroup, _ old: Double) -> PANAdvisor.Proposal {
            PANAdvisor.Proposal(
                change: PANChange(schoolID: id, fromYear: AcademicYear(2025), entryGroup: entry, newPAN: old - 30),
                oldPAN: old, areaCode: "S01", intake: PANAdvisor.Intake(lastFill: 1, unfilled: 0),
                admissionAuthority: .la)
        }
        let outcome = PANAdvisor.AreaOutcome(
            areaCode: "S01", phase: .secondary, totalCut: 60,
            proposals: [proposal("T", YearGroup(index: 7)!, 180), proposal("P", .reception, 60)], requests: [],
            spared: [], limitedByLAMargin: false, requestsLimitedByLAMargin: false, years: [], surplusBefore: [],
            surplusAfter: [], surplusWithRequests: [], distanceBefore: 0, distanceAfter: 0)
        let yaml = ScenarioFile.suggestedYAML(
            [outcome], schools: read, rules: PANAdvisor.Rules(), target: 5, band: 10, path: "suggested.yaml")
        #expect(yaml.contains("- { school: T, from: 2025, pan: 150, entry_year_group: 7 }"))
        #expect(yaml.contains("- { school: P, from: 2025, pan: 30 }"))
    }
}
