import Foundation
import Testing

@testable import PlaceForecast
@testable import PlaceIO

/// The error thrown by `body`, so its message can be checked whole.
private func inputError(_ body: () throws -> Void) -> InputError? {
    do { try body() } catch let error as InputError { return error } catch { Issue.record("unexpected \(error)") }
    return nil
}

private let clean = "area_code,area_name,year,year_group,pupils\nA,Alpha,2019,R,1125\nA,Alpha,2019,1,1100\n"

private func pupils(_ text: String) throws -> CohortTable {
    try InputReaders.pupils(CSVTable(text: text, file: "pupils.csv"))
}

@Suite("What spreadsheets write is tolerated, and what they get wrong is refused with the fix")
struct TolerantParsingTests {
    @Test("Excel's empty rows, thousands separators, spaces, CR line ends and quotes read as the clean file")
    func harmlessVariants() throws {
        let expected = try pupils(clean)
        let variants = [
            clean + ",,,,\n,,,,\n",  // empty rows below the data, as Excel saves them
            clean.replacingOccurrences(of: "1125", with: "\"1,125\"").replacingOccurrences(
                of: "1100", with: "\"1,100\""),
            clean.replacingOccurrences(of: ",R,", with: ", R ,").replacingOccurrences(of: ",1125", with: ", 1125 "),
            clean.replacingOccurrences(of: "\n", with: "\r"),  // classic Mac line ends
            "\u{FEFF}" + clean.replacingOccurrences(of: "\n", with: "\r\n"),
            clean.replacingOccurrences(of: "Alpha", with: "\"Alpha\""),
        ]
        for text in variants {
            let table = try pupils(text)
            let history = try #require(table["A"])
            #expect(history.pupils(AcademicYear(2019), .reception) == 1125, "\(text.debugDescription)")
            #expect(history.pupils(AcademicYear(2019), YearGroup(index: 1)!) == 1100)
            #expect(table.histories.count == expected.histories.count)
        }
    }

    @Test("digits grouped in threes lose their commas; anything else is left to fail")
    func thousandsSeparators() {
        #expect(CSVTable.Record.withoutThousandsSeparators("1,125") == "1125")
        #expect(CSVTable.Record.withoutThousandsSeparators("12,345,678.5") == "12345678.5")
        #expect(CSVTable.Record.withoutThousandsSeparators("1,12") == "1,12")
        #expect(CSVTable.Record.withoutThousandsSeparators("1234,567") == "1234,567")
        #expect(CSVTable.Record.withoutThousandsSeparators("a,bcd") == "a,bcd")
    }

    @Test("a Windows-1252 file is decoded, curly apostrophe and pound sign intact, and a warning says so")
    func windows1252() throws {
        // "St Mary’s £" in Windows-1252: ’ = 0x92, £ = 0xA3.
        var bytes = Array("school_id,school_name\nS1,St Mary".utf8)
        bytes += [0x92, 0x73, 0x20, 0xA3, 0x0A]
        let table = try CSVTable(data: Data(bytes), file: "schools.csv")
        #expect(table.records[0].fields[1] == "St Mary\u{2019}s \u{00A3}")
        #expect(table.warnings.count == 1)
        #expect(table.warnings.first?.hasPrefix("schools.csv: the file is not UTF-8") == true)
        // A UTF-8 file carries no warning.
        let utf8 = try CSVTable(data: Data("a\nSt Mary\u{2019}s\n".utf8), file: "t.csv")
        #expect(utf8.records[0].fields == ["St Mary\u{2019}s"] && utf8.warnings.isEmpty)
    }

    @Test("a semicolon- or tab-separated file is refused with how to save it")
    func otherSeparators() {
        let semicolons = inputError { _ = try CSVTable(text: "a;b;c\n1;2;3\n", file: "pupils.csv") }
        #expect(
            semicolons?.description
                == "pupils.csv:1: the columns are separated by semicolons, not commas. Save the sheet as "
                + "'CSV (comma delimited)' (in Excel: File > Save As > CSV UTF-8)")
        let tabs = inputError { _ = try CSVTable(text: "a\tb\n1\t2\n", file: "t.csv") }
        #expect(tabs?.problem == "the columns are separated by tabs, not commas")
    }

    @Test("a percentage where a share is expected is refused with the share to write")
    func percentageForShare() {
        let text = "from_area,to_area,share\nP1,S1,78%\n"
        let error = inputError {
            _ = try InputReaders.transfers(
                CSVTable(text: text, file: "transfer.csv"), knownAreas: ["P1", "S1"])
        }
        #expect(error?.line == 2 && error?.column == "share")
        #expect(error?.problem == "'78%' is a percentage, but this column holds a share")
        #expect(error?.hint == "Write 0.78 for 78%")
    }

    @Test("an impossible count (20 digits) is refused as implausible, naming the cell")
    func implausibleMagnitude() {
        let error = inputError { _ = try pupils(clean + "A,Alpha,2019,2,12345678901234567890\n") }
        #expect(error?.line == 4 && error?.column == "pupils" && error?.columnNumber == 5)
        #expect(error?.problem == "12345678901234567890 is implausibly large for one row (more than 10 million)")
        // Ten million exactly is still a count.
        #expect((try? pupils(clean + "A,Alpha,2019,2,10000000\n")) != nil)
    }
}

@Suite("YAML syntax errors in plain words, located")
struct YAMLErrorWordingTests {
    private func yamlError(_ text: String) -> InputError? {
        inputError { _ = try YAMLDocument(text: text, file: "planning.yaml") }
    }

    @Test("a tab is named, with 'indent with spaces'")
    func tab() throws {
        let error = try #require(yamlError("target_percent: 5\ncost_per_place:\n\tprimary: 1\n"))
        #expect(error.line == 3)
        #expect(error.problem.hasPrefix("the line contains a tab"), "\(error)")
        #expect(error.hint == "Indent with spaces, not tabs")
        #expect(error.description.hasPrefix("planning.yaml:3: column "))
    }

    @Test("a value with ': ' in it gets the quoting advice, at its line")
    func mappingValues() throws {
        let error = try #require(yamlError("target_percent: 5\nnote: see: below\n"))
        #expect(error.line == 2 && error.columnNumber == 10, "\(error)")
        #expect(error.problem.hasPrefix("a second ':' on the line"), "\(error)")
        #expect(error.problem.hasSuffix("(YAML: mapping values are not allowed in this context)"))
    }

    @Test("a setting given twice is named, at its second line")
    func duplicateKey() throws {
        let error = try #require(yamlError("target_percent: 5\ntarget_percent: 6\n"))
        #expect(error.problem == "the setting 'target_percent' is given twice (first on line 1)", "\(error)")
        #expect(error.line == 2 && error.columnNumber == 1)
    }
}
