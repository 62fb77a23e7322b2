import Testing

@testable import PlaceForecast
@testable import PlaceIO

private func inputError(_ body: () throws -> Void) -> InputError? {
    do { try body() } catch let error as InputError { return error } catch { Issue.record("unexpected \(error)") }
    return nil
}

private let areas = [
    PlanningArea(code: "P01", name: "Central", phase: .primary, laCode: "LA"),
    PlanningArea(code: "S01", name: "Secondary", phase: .secondary, laCode: "LA"),
]

private func providers(_ text: String) throws -> [EarlyYearsProvider] {
    try EarlyYearsReaders.providers(CSVTable(text: text, file: "early_years_providers.csv"), areas: areas)
}

@Suite("Early years readers: early_years.csv, early_years_providers.csv, early_years.yaml")
struct EarlyYearsReaderTests {
    private let header =
        "provider_id,provider_name,area_code,type,places_under_2,places_2yo,places_3_4yo,hours_per_week\n"

    @Test("take-up: blanks are suppressed values, the year is the January count year − 1")
    func history() throws {
        let history = try EarlyYearsReaders.history(
            CSVTable(
                text: "area_code,year,funded_2yo,pct_2yo,funded_3_4yo,pct_3_4yo\nE06000045,2024,472,64.4,4814,83.9\n"
                    + "E06000045,2023,,,4964,87.3\n", file: "early_years.csv"))
        let counts = try #require(history.byLA["E06000045"])
        #expect(counts[AcademicYear(2024)]?.funded2 == 472 && counts[AcademicYear(2024)]?.percent34 == 83.9)
        #expect(counts[AcademicYear(2023)]?.funded2 == nil && counts[AcademicYear(2023)]?.funded34 == 4964)
        #expect(history.lastYear == AcademicYear(2024))
    }

    @Test("a missing column names the file, the header line and the column")
    func missingColumn() {
        let error = inputError {
            _ = try EarlyYearsReaders.history(
                CSVTable(
                    text: "area_code,year,funded_2yo,pct_2yo,funded_3_4yo\nLA,2024,1,2,3\n", file: "early_years.csv"))
        }
        #expect(error?.file == "early_years.csv" && error?.line == 1 && error?.column == "pct_3_4yo")
    }

    @Test("providers: valid rows read")
    func valid() throws {
        let read = try providers(header + "EY1,Nursery,P01,pvi,10,20,30,50\n")
        #expect(
            read.count == 1 && read[0].type == .pvi && read[0].places34 == 30 && read[0].equivalents(.threeFour) == 60)
    }

    @Test("an unknown provider type is located by line and column")
    func unknownType() {
        let error = inputError { _ = try providers(header + "EY1,A,P01,pvi,1,1,1,15\nEY2,B,P01,creche,1,1,1,15\n") }
        #expect(error?.file == "early_years_providers.csv" && error?.line == 3)
        #expect(error?.column == "type" && error?.columnNumber == 4)
        #expect(error?.problem == "'creche' is not a provider type")
    }

    @Test("an unknown or secondary planning area is located by line and column")
    func unknownArea() {
        for area in ["P99", "S01"] {
            let error = inputError { _ = try providers(header + "EY1,A,\(area),pvi,1,1,1,15\n") }
            #expect(error?.line == 2 && error?.column == "area_code" && error?.columnNumber == 3)
            #expect(
                error?.problem
                    == (area == "S01"
                        ? "'S01' is a secondary planning area, but providers are planned with the primary areas"
                        : "unknown primary planning area 'P99'"))
        }
    }

    @Test("negative places are located by line and column")
    func negativePlaces() {
        let error = inputError { _ = try providers(header + "EY1,A,P01,pvi,1,-5,1,15\n") }
        #expect(error?.line == 2 && error?.column == "places_2yo" && error?.columnNumber == 6)
        #expect(error?.problem == "-5 is negative")
    }

    @Test("a provider listed twice names both lines")
    func duplicate() {
        let error = inputError { _ = try providers(header + "EY1,A,P01,pvi,1,1,1,15\nEY1,B,P01,pvi,1,1,1,15\n") }
        #expect(error?.line == 3 && error?.problem == "provider EY1 is listed twice (first given on line 2)")
    }

    @Test("early_years.yaml: a ramp by year, a constant, the eligible share; unknown names are errors")
    func settings() throws {
        let read = try EarlyYearsReaders.settings(
            YAMLDocument(
                text: """
                    two_year_eligible_share: 0.3
                    entitlements:
                      working_parents_2: { eligible_share: 0.5, take_up: { 2024: 0.5, 2025: 0.7 }, hours: 30 }
                    """, file: "early_years.yaml"))
        #expect(read.twoYearEligibleShare == 0.3)
        let two = try #require(read.entitlements.first { $0.name == "working_parents_2" })
        #expect(two.eligibleShare == 0.5 && two.takeUp.value(in: AcademicYear(2026)) == 0.7)
        #expect(two.hours.value(in: AcademicYear(2024)) == 30)
        let unknown = inputError {
            _ = try EarlyYearsReaders.settings(
                YAMLDocument(
                    text: "entitlements:\n  nursery_for_all: { eligible_share: 1 }\n", file: "early_years.yaml"))
        }
        #expect(unknown?.file == "early_years.yaml" && unknown?.line == 2)
        #expect(unknown?.problem == "unknown entitlement 'nursery_for_all'")
        let tooBig = inputError {
            _ = try EarlyYearsReaders.settings(YAMLDocument(text: "two_year_eligible_share: 2\n", file: "e.yaml"))
        }
        #expect(tooBig?.problem.contains("share from 0 to 1") == true)
    }
}
