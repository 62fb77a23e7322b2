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
        let scenario = try ScenarioFile.parse(
            """
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
        #expect(
            scenario.panChanges == [
                PANChange(schoolID: "PRI001", fromYear: AcademicYear(2022), entryGroup: .reception, newPAN: 30)
            ])
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
        #expect(
            parseError("capacity_changes: [{ area: P09, phase: primary, places: 30, from: 2022 }]\n")?.problem
                == "unknown planning area 'P09'")
        #expect(
            parseError("capacity_changes: [{ area: P01, places: 30, from: 2023, until: 2022 }]\n")?.problem
                == "until is before from")
        #expect(parseError("pan_changes: [{ school: PRI001, from: 2022 }]\n")?.problem == "missing setting 'pan'")
    }
}

@Suite("Report words for typed core results")
struct ReportWordsTests {
    @Test("deficit-risk reasons read as in deficit_risk.csv")
    func deficitRiskReasonText() {
        #expect(PlanningReport.text(.unfilled(percent: 100 * 50 / 210.0, threshold: 15)) == "unfilled 23.8% ≥ 15.0%")
        #expect(
            PlanningReport.text(.lowIntake(perFormOfEntry: 160 / 7.0, minimum: 25))
                == "intake 22.8 per form of entry < 25")
        #expect(
            PlanningReport.text(.incomeLoss(pounds: 250_453.4, percent: 13.46, years: 3, censusLagYears: 1))
                == "pupil-led income (R–11) down 13.5% (£250,453) over 3 years, with a 1-year census lag")
        #expect(
            PlanningReport.text(.incomeLoss(pounds: 47_700, percent: 5.714, years: 1, censusLagYears: 1))
                == "pupil-led income (R–11) down 5.7% (£47,700) on the year before, with a 1-year census lag")
        #expect(
            PlanningReport.text(.lowIntake(perFormOfEntry: 24.98, minimum: 25)) == "intake 24.9 per form of entry < 25")
        #expect(
            PlanningReport.text(.overCapacity(pupils: 14, percent: 100 * 14 / 210.0))
                == "over capacity by 14 pupils (6.7%)")
        #expect(
            PlanningReport.text(.panReduction(pupils: 10, fall: 12.4, places: 15))
                == "10 of the fall of 12 pupils is a planned PAN cut (15 places)")
        let reasons: [DeficitRiskReason] = [
            .lowIntake(perFormOfEntry: 24.54, minimum: 25),
            .incomeLoss(pounds: 250_453, percent: 13.5, years: 1, censusLagYears: 1),
        ]
        #expect(
            reasons.map(PlanningReport.text).joined(separator: "; ")
                == "intake 24.5 per form of entry < 25; pupil-led income (R–11) down 13.5% (£250,453) on the year "
                + "before, with a 1-year census lag"
        )
    }

    @Test("forecast errors name the input file to change only in the I/O layer")
    func forecastErrorAdvice() {
        #expect(ForecastError.missingBirths(area: "P01").description == "area P01 has Reception pupils but no births")
        #expect(
            ForecastError.missingBirths(area: "P01").message
                == "area P01 has Reception pupils but no births: add its births to births.csv")
        #expect(
            ForecastError.missingFeeders(area: "S01").message
                == "area S01 has Year 7 pupils but no Year 6 of its own: give transfer.csv with the share of each "
                + "primary "
                + "planning area's Year 6 that goes to S01")
        #expect(!ForecastError.missingHousing.description.contains("housing.csv"))
        #expect(ForecastError.missingHousing.message.hasSuffix(": add housing.csv or set `housing: false`"))
        #expect(ForecastError.noPupils.message == ForecastError.noPupils.description)
    }

    @Test("a scenario's model is a name or a file")
    func modelReference() {
        #expect(ModelReference("mean3") == .named("mean3"))
        #expect(ModelReference("models/mean3.yaml") == .file(path: "models/mean3.yaml"))
        #expect(ModelReference("my-model.yml") == .file(path: "my-model.yml"))
        #expect(ModelReference.file(path: "a/b.yaml").reference == "a/b.yaml")
    }
}

@Suite("Scenario PAN changes: named errors, no silent no-ops")
struct ScenarioPANChangeWordingTests {
    @Test("a negative PAN names the setting, at its line and column")
    func negativePAN() throws {
        let error = try #require(parseError("name: n\npan_changes:\n  - { school: PRI001, from: 2022, pan: -30 }\n"))
        #expect(error.line == 3 && error.columnNumber == 40, "\(error)")  // the "-" of -30
        #expect(error.problem == "pan: expected a number of zero or more, got -30")
    }

    @Test("a PAN equal to the school's own changes nothing, and the scenario says so")
    func unchangedPAN() throws {
        let scenario = try ScenarioFile.parse(
            "name: same\npan_changes: [{ school: PRI001, from: 2022, pan: 60 }]\n", file: "s.yaml", context: context)
        #expect(
            scenario.warnings == [
                "pan_changes: PRI001 already has PAN 60 before 2022/23, so this change changes nothing"
            ])
    }

    @Test("a cut and a return to the school's PAN are two changes; the same cut again is not (in any order)")
    func cutAndRestore() throws {
        let restored = try ScenarioFile.parse(
            "name: r\npan_changes: [{ school: PRI001, from: 2024, pan: 60 },\n"
                + "  { school: PRI001, from: 2022, pan: 30 }]\n",
            file: "s.yaml", context: context)
        #expect(restored.warnings.isEmpty, "a temporary cut, restored from 2024")
        #expect(restored.panChanges.count == 2)
        let repeated = try ScenarioFile.parse(
            "name: r\npan_changes: [{ school: PRI001, from: 2022, pan: 30 },\n"
                + "  { school: PRI001, from: 2024, pan: 30 }]\n",
            file: "s.yaml", context: context)
        #expect(
            repeated.warnings == [
                "pan_changes: PRI001 already has PAN 30 before 2024/25, so this change changes nothing"
            ])
    }

    @Test("entry_year_group 7 on a primary school is refused, naming its own entry year")
    func wrongEntryYear() throws {
        let error = try #require(
            parseError("name: w\npan_changes: [{ school: PRI001, from: 2022, pan: 30, entry_year_group: 7 }]\n"))
        #expect(
            error.problem == "entry_year_group: PRI001 admits at R only, not 7", "\(error)")
    }
}
