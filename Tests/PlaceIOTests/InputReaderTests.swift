import Testing

@testable import PlaceForecast
@testable import PlaceIO

private func pupilsTable(_ text: String) throws(InputError) -> CohortTable {
    try InputReaders.pupils(CSVTable(text: text, file: "pupils.csv"))
}

/// The error thrown by `body`, so its location can be checked field by field.
private func inputError(_ body: () throws -> Void) -> InputError? {
    do { try body() } catch let error as InputError { return error } catch { Issue.record("unexpected \(error)") }
    return nil
}

private let header = "area_code,area_name,year,year_group,pupils\n"

@Suite("CSV parsing")
struct CSVParsingTests {
    @Test("quotes, CRLF, a byte-order mark and blank lines")
    func rfc4180() throws {
        let table = try CSVTable(text: "\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n1,2\r\n", file: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.records.map(\.fields) == [["x, y", "say \"hi\""], ["1", "2"]])
        #expect(table.records.map(\.line) == [2, 4])
    }

    @Test("a line with the wrong number of fields is located")
    func wrongFieldCount() {
        let error = inputError { _ = try CSVTable(text: "a,b\n1,2\n3\n", file: "t.csv") }
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("t.csv:3:") == true)
    }

    @Test("writer quotes only what needs it and trims numbers")
    func writer() {
        var writer = CSVWriter(header: ["a", "b"])
        writer.append(["x, y", "plain"])
        #expect(writer.text == "a,b\n\"x, y\",plain\n")
        #expect(CSVWriter.number(111.0) == "111")
        #expect(CSVWriter.number(95.815789) == "95.816")
        #expect(CSVWriter.number(-0.0001) == "0")
    }

    @Test("numbers are written as the string-building writer wrote them (sign, zeros, decimals, large values)")
    func numbersAsBefore() {
        /// The writer before it wrote into a buffer, kept here as the reference.
        func reference(_ value: Double, decimals: Int) -> String {
            guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let scaled = (abs(value) * scale).rounded()
            guard scaled < 9e15 else { return String(value) }
            var units = Int64(scaled)
            guard units != 0 else { return "0" }
            var fraction = ""
            var places = decimals
            while places > 0 {
                let digit = units % 10
                units /= 10
                places -= 1
                if fraction.isEmpty && digit == 0 { continue }
                fraction = String(digit) + fraction
            }
            let sign = value < 0 ? "-" : ""
            return fraction.isEmpty ? "\(sign)\(units)" : "\(sign)\(units).\(fraction)"
        }
        let values: [Double] = [
            0, -0.0, 1, -1, 0.5, -0.5, 0.0004, 0.0005, -0.0005, 10, 100.05, 2690, 95.815789, 1e12, -1e12,
            8.99e12, 9e12, 1e15, 1e300, .nan, .infinity, -.infinity, 0.1 + 0.2, 1234567.891011,
        ]
        for value in values {
            for decimals in [0, 1, 3, 6, 9] {
                #expect(CSVWriter.number(value, decimals: decimals) == reference(value, decimals: decimals))
            }
        }
    }

    @Test("academic_year is added at the end, labelling the year column; blank where it is not a year")
    func academicYear() {
        var writer = CSVWriter(header: ["area_code", "year", "pupils"], academicYearFrom: "year")
        writer.append(["A", "2022", "10"])
        writer.append(["A", "2009", "9"])
        writer.append(["A", "", "9"])
        #expect(writer.text == "area_code,year,pupils,academic_year\nA,2022,10,2022/23\nA,2009,9,2009/10\nA,,9,\n")
    }
}

@Suite("Pupils, births, transfer and housing readers")
struct InputReaderTests {
    @Test("a valid pupils file becomes a cohort table")
    func validPupils() throws {
        let table = try pupilsTable(
            header + "A,Alpha,2018,R,10\nA,Alpha,2018,1,9\nA,Alpha,2019,R,11\nA,Alpha,2019,1,10.5\n")
        let history = try #require(table["A"])
        #expect(history.area.name == "Alpha")
        #expect(history.years == AcademicYear(2018)...AcademicYear(2019))
        #expect(history.pupils(AcademicYear(2019), YearGroup(index: 1)!) == 10.5)
        #expect(history.pupils(AcademicYear(2019), YearGroup(index: 2)!) == nil)
    }

    @Test("a missing column is named, with the columns expected")
    func missingColumn() {
        let error = inputError { _ = try pupilsTable("area_code,area_name,year,pupils\nA,Alpha,2019,10\n") }
        #expect(error?.line == 1)
        #expect(error?.column == "year_group")
        #expect(error?.hint?.contains("area_code,area_name,year,year_group,pupils") == true)
    }

    @Test("a non-number is located by line and column")
    func nonNumber() {
        let error = inputError { _ = try pupilsTable(header + "A,Alpha,2019,R,10\nA,Alpha,2019,1,ten\n") }
        #expect(
            error
                == InputError(
                    file: "pupils.csv", line: 3, column: "pupils", columnNumber: 5,
                    problem: "'ten' is not a number",
                    hint: "Use digits, e.g. 2690 or \"2,690\""))
    }

    @Test("a negative count is rejected")
    func negative() {
        let error = inputError { _ = try pupilsTable(header + "A,Alpha,2019,R,-4\n") }
        #expect(error?.line == 2)
        #expect(error?.column == "pupils")
        #expect(error?.problem.contains("negative") == true)
    }

    @Test("a duplicate key names both lines")
    func duplicate() {
        let error = inputError {
            _ = try pupilsTable(header + "A,Alpha,2019,R,10\nB,Beta,2019,R,5\nA,Alpha,2019,R,11\n")
        }
        #expect(error?.line == 4)
        #expect(error?.problem.contains("first given on line 2") == true)
    }

    @Test("an unknown year group is rejected")
    func unknownYearGroup() {
        let error = inputError { _ = try pupilsTable(header + "A,Alpha,2019,Y15,10\n") }
        #expect(error?.column == "year_group")
        #expect(error?.columnNumber == 4)
    }

    @Test("a gap in an area's years is located at the year after the gap")
    func gapInYears() {
        let error = inputError {
            _ = try pupilsTable(header + "A,Alpha,2016,R,10\nA,Alpha,2017,R,10\nA,Alpha,2019,R,10\n")
        }
        #expect(error?.line == 4)
        #expect(error?.problem.contains("2018") == true)
    }

    @Test("an empty file and a header-only file are both errors")
    func emptyFiles() {
        #expect(inputError { _ = try pupilsTable("") }?.problem == "the file is empty")
        #expect(inputError { _ = try pupilsTable(header) }?.problem.contains("no data rows") == true)
        #expect(inputError { _ = try pupilsTable("\n\n") }?.problem == "the file is empty")
    }

    @Test("births: duplicates and non-numbers are located")
    func births() throws {
        let good = try InputReaders.births(
            CSVTable(text: "area_code,year,births\nA,2015,100\nA,2016,101\n", file: "b.csv"))
        #expect(good.births("A", 2016) == 101)
        let duplicate = inputError {
            _ = try InputReaders.births(
                CSVTable(text: "area_code,year,births\nA,2015,100\nA,2015,101\n", file: "b.csv"))
        }
        #expect(duplicate?.line == 3)
        let badYear = inputError {
            _ = try InputReaders.births(CSVTable(text: "area_code,year,births\nA,twenty,100\n", file: "b.csv"))
        }
        #expect(badYear?.column == "year")
    }

    @Test("transfer: unknown areas and shares above 1 are rejected")
    func transfers() throws {
        let known: Set<String> = ["P1", "P2", "S1", "S2"]
        let shares = try InputReaders.transfers(
            CSVTable(text: "from_area,to_area,share\nP1,S1,0.7\nP1,S2,0.2\nP2,S1,0.9\n", file: "t.csv"),
            knownAreas: known)
        #expect(shares.feeders["S1"]?.map(\.primaryArea) == ["P1", "P2"])
        let unknown = inputError {
            _ = try InputReaders.transfers(
                CSVTable(text: "from_area,to_area,share\nP9,S1,0.5\n", file: "t.csv"), knownAreas: known)
        }
        #expect(unknown?.column == "from_area")
        #expect(unknown?.problem == "unknown area 'P9'")
        let tooMuch = inputError {
            _ = try InputReaders.transfers(
                CSVTable(text: "from_area,to_area,share\nP1,S1,0.7\nP1,S2,0.4\n", file: "t.csv"), knownAreas: known)
        }
        #expect(tooMuch?.line == 3)
    }

    @Test("housing: completions by area and year; unknown areas rejected")
    func housing() throws {
        let series = try InputReaders.housing(
            CSVTable(text: "area_code,year,dwellings\nP1,2020,120\n", file: "h.csv"),
            knownAreas: ["P1"])
        #expect(series.completions("P1", AcademicYear(2020)) == 120)
        #expect(series.completions("P1", AcademicYear(2021)) == 0)
        #expect(
            inputError {
                _ = try InputReaders.housing(
                    CSVTable(text: "area_code,year,dwellings\nX,2020,1\n", file: "h.csv"), knownAreas: ["P1"])
            }?.line == 2)
    }
}
