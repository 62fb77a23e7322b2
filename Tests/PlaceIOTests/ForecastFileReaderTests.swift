import Foundation
import Testing

@testable import PlaceForecast
@testable import PlaceIO

private let header = "area_code,area_name,year,year_group,phase,pupils,lower_80,upper_80,lower_95,upper_95,method\n"

private func readError(_ text: String) -> InputError? {
    do throws(InputError) {
        _ = try ForecastFileReader.cells(CSVTable(text: text, file: "run/forecast.csv"))
    } catch {
        return error
    }
    Issue.record("no error for \(text)")
    return nil
}

private let badFiles: [(String, String)] = [
    (
        header.replacingOccurrences(of: "lower_95", with: "low95") + "P01,C,2022,R,primary,1,1,1,1,1,m\n",
        "run/forecast.csv:1: column 'lower_95': the header has no column 'lower_95'"
    ),
    (
        header + "P01,C,2022,R,primary,1,abc,2,0,3,m\n",
        "run/forecast.csv:2: column 'lower_80' (7): 'abc' is not a number"
    ),
    (
        header + "P01,C,2022,R,primary,1,0,2,0,3,m\nP01,C,2022,1,primary,x,0,2,0,3,m\n",
        "run/forecast.csv:3: column 'pupils' (6): 'x' is not a number"
    ),
    (
        header + "P01,C,2022,R,primary,1,0,,0,3,m\n",
        "run/forecast.csv:2: column 'upper_80' (8): 'upper_80' is blank but 'lower_80' is not"
    ),
    (
        header + "P01,C,2022,R,primary,1,0,2,5,3,m\n",
        "run/forecast.csv:2: column 'upper_95' (10): the upper bound 3 is below the lower bound 5"
    ),
    (
        header + "P01,C,2022,Y3a,primary,1,0,2,0,3,m\n",
        "run/forecast.csv:2: column 'year_group' (4): 'Y3a' is not a year group"
    ),
    (
        header + "P01,C,2022,R,primary,1,0,2,0,3,m\nP01,C,2022,R,primary,1,0,2,0,3,m\n",
        "run/forecast.csv:3: duplicate row for area P01, year 2022, year group R (first given on line 2)"
    ),
    (header, "run/forecast.csv: the file has a header but no data rows"),
]

@Suite("Reading a published forecast.csv and run.json back")
struct ForecastFileReaderTests {
    @Test("cells with and without intervals")
    func reads() throws {
        let cells = try ForecastFileReader.cells(
            CSVTable(
                text: header + "P01,Central,2022,R,primary,602.734,590.292,615.439,584.93,621.081,m\n"
                    + "P01,Central,2022,12,sixth_form,67.7,,,,,m\n", file: "forecast.csv"))
        #expect(cells.count == 2)
        #expect(cells[0].area == Area(code: "P01", name: "Central") && cells[0].year == AcademicYear(2022))
        #expect(cells[0].yearGroup == .reception && cells[0].pupils == 602.734)
        #expect(cells[0].interval80 == 590.292...615.439 && cells[0].interval95 == 584.93...621.081)
        #expect(cells[1].interval80 == nil && cells[1].interval95 == nil)
    }

    @Test(
        "located errors: missing column, bad number, one bound blank, bounds reversed, bad year group, duplicate",
        arguments: badFiles)
    func errors(text: String, expected: String) {
        let error = readError(text)
        #expect(error?.description.hasPrefix(expected) == true, "\(error?.description ?? "nil")")
    }

    @Test("run.json: origin, model, run id and input paths; a broken file is an error naming it")
    func runRecord() throws {
        let json = """
            {"command": "forecast", "model": "auto", "origin": 2021, "run_id": "X1",
             "inputs": [{"path": "inputs/pupils.csv", "bytes": 1, "sha256": "a"},
                        {"path": "inputs/planning_areas.csv", "bytes": 1, "sha256": "b"}]}
            """
        let record = try ForecastFileReader.runRecord(Data(json.utf8), file: "run/run.json")
        #expect(record.origin == AcademicYear(2021) && record.model == "auto" && record.runID == "X1")
        #expect(record.command == "forecast" && record.inputPaths.count == 2)
        #expect(throws: InputError.self) { try ForecastFileReader.runRecord(Data("{oops".utf8), file: "r.json") }
        do throws(InputError) {
            _ = try ForecastFileReader.runRecord(Data("{\"origin\": \"soon\"}".utf8), file: "run/run.json")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("run/run.json: column 'origin': 'soon' is not an academic year"))
        }
        let areas = try CSVTable(
            text: "area_code,area_name,phase,la_code\nP01,A,primary,E1\nS01,B,secondary,E1\n", file: "a")
        #expect(ForecastFileReader.laCode(planningAreas: areas) == "E1")
    }
}

@Suite("Monitoring report")
struct MonitoringReportTests {
    /// Alpha and Beta in 2022/23 (the same hand-made numbers as the core's MonitoringTests, two year groups).
    static func result() throws -> MonitoringResult {
        let alpha = Area(code: "A", name: "Alpha")
        let beta = Area(code: "B", name: "Beta")
        func cell(
            _ area: Area, _ pupils: Double, _ i80: ClosedRange<Double>, _ i95: ClosedRange<Double>
        )
            -> PublishedForecastCell
        {
            PublishedForecastCell(
                area: area, year: AcademicYear(2022), yearGroup: .reception, pupils: pupils, interval80: i80,
                interval95: i95)
        }
        var year: [Double?] = Array(repeating: nil, count: YearGroup.all.count)
        year[0] = 104
        var other = year
        other[0] = 70
        return try Monitoring.compare(
            forecast: [cell(alpha, 100, 95...105, 90...110), cell(beta, 80, 76...84, 72...88)],
            origin: AcademicYear(2021),
            census: CohortTable(histories: [
                .init(area: alpha, firstYear: AcademicYear(2022), counts: [year]),
                .init(area: beta, firstYear: AcademicYear(2022), counts: [other]),
            ]), la: Area(code: "E1", name: "All areas"))
    }

    @Test("monitoring.csv: area rows then the LA row, academic_year, the interval convention, hit counts")
    func csv() throws {
        let lines = MonitoringReport.monitoringCSV(try Self.result()).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("level,area_code,area_name,phase,year,academic_year,horizon,forecast,actual,error"))
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("area,A,Alpha,primary,2022,2022/23,1,100,104,-4,-3.85,95,105,1,90,110,1,"))
        #expect(
            lines[3].hasPrefix(
                "la,E1,All areas,primary,2022,2022/23,1,180,174,6,3.45,171,189,1,162,198,1,sum_of_year_group_bounds,"
                    + "2,2,1,0.5,2,1,0.5,2,2,1,2,1"))
        let cells = MonitoringReport.cellsCSV(try Self.result()).split(separator: "\n").map(String.init)
        #expect(cells[2] == "B,Beta,2022,2022/23,1,R,primary,80,70,10,14.29,76,84,0,72,88,0")
    }

    @Test("the summary in plain words, and the Monitoring sheet")
    func summary() throws {
        let result = try Self.result()
        let text = MonitoringReport.summary(
            result, context: .init(runFolder: "runs/2021", runID: "R1", model: "auto", census: "census.csv"))
        #expect(text.contains("Primary: forecast 180, actual 174, error +6 (+3.4%); 80% interval hit in 1 of 2 areas"))
        #expect(text.contains("year-group cells inside their own 80% interval 1 of 2 (50%)"))
        #expect(text.contains("Outside their 95% interval: B primary (forecast 80, actual 70, +14.3%)"))
        #expect(text.contains("DfE-style 1-year accuracy") && text.contains("primary +3.4%"))
        #expect(text.contains("sum of its year groups' bounds"))
        #expect(MonitoringReport.whole(-18_432) == "−18,432" && MonitoringReport.percent(-0.44) == "−0.4%")
        let sheet = MonitoringReport.monitoringSheet(result)
        #expect(sheet.name == "Monitoring" && sheet.rows.count == 3)
        #expect(sheet.rows[2][0] == .text("LA total (E1)") && sheet.rows[2][3] == .text("2022/23"))
        #expect(sheet.notes.contains { $0.contains("DfE-style") })
    }
}
