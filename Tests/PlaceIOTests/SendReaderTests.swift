import Testing

@testable import PlaceForecast
@testable import PlaceIO

private func caseload(_ text: String, newPlans: String? = nil) throws(InputError) -> EHCPCaseload {
    let newTable = try newPlans.map { text throws(InputError) in try CSVTable(text: text, file: "ehcp_new.csv") }
    return try SendReaders.caseload(CSVTable(text: text, file: "ehcp.csv"), newPlans: newTable)
}

private func inputError(_ body: () throws -> Void) -> InputError? {
    do { try body() } catch let error as InputError { return error } catch { Issue.record("unexpected \(error)") }
    return nil
}

@Suite("SEND readers: ehcp.csv, ehcp_new.csv")
struct SendReaderTests {
    private let header = "area_code,year,age_band,plans\n"

    @Test("a valid ehcp.csv: Total rows as given, a year without one takes the sum of its bands")
    func valid() throws {
        let read = try caseload(
            header + "LA,2018,Total,100\nLA,2018,Age 5 to 10,60\nLA,2019,Age 5 to 10,70\n"
                + "LA,2019,Age 11 to 15,45\n", newPlans: "area_code,year,age_band,new_plans\nLA,2018,Total,20\n")
        #expect(read.totals["LA"]?[AcademicYear(2018)] == 100)
        #expect(read.totals["LA"]?[AcademicYear(2019)] == 115)
        #expect(read.bands["LA"]?[AcademicYear(2019)]?[.age11to15] == 45)
        #expect(read.newPlans["LA"]?[AcademicYear(2018)] == 20)
    }

    @Test("an unknown age band is located by line and column")
    func badBand() {
        let error = inputError { _ = try caseload(header + "LA,2018,Total,100\nLA,2018,Age 5-10,60\n") }
        #expect(error?.file == "ehcp.csv")
        #expect(error?.line == 3)
        #expect(error?.column == "age_band" && error?.columnNumber == 3)
        #expect(error?.problem == "'Age 5-10' is not an age band")
    }

    @Test("a plan count that is not a number is located by line and column")
    func badCount() {
        let error = inputError { _ = try caseload(header + "LA,2018,Total,many\n") }
        #expect(error?.line == 2)
        #expect(error?.column == "plans" && error?.columnNumber == 4)
    }

    @Test("a duplicate row names its line")
    func duplicate() {
        let error = inputError { _ = try caseload(header + "LA,2018,Total,100\nLA,2018,Total,101\n") }
        #expect(error?.line == 3)
        #expect(error?.problem.contains("duplicate") == true)
    }

    @Test("a duplicate Total of new plans names its line in ehcp_new.csv")
    func duplicateNewPlans() {
        let error = inputError {
            _ = try caseload(
                header + "LA,2018,Total,100\n",
                newPlans: "area_code,year,age_band,new_plans\nLA,2018,Total,20\nLA,2018,Total,21\n")
        }
        #expect(error?.file == "ehcp_new.csv" && error?.line == 3)
    }
}
