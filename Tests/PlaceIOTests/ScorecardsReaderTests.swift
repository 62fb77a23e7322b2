import Foundation
import PlaceForecast
import PlaceIO
import Testing

private let header = "area_code,la_number,la_name,scap_year,target_year,For_1_P,For_3_P,For_1_S,For_3_S\n"

private func read(_ text: String) throws -> [LAScore] {
    try ScorecardsReader.scores(CSVTable(text: header + text, file: "scorecards.csv"))
}

@Suite("scorecards.csv reader")
struct ScorecardsReaderTests {
    @Test("blank cells are not published; 2022/23's 3-year column is read as 2 years ahead")
    func reads() throws {
        let scores = try read(
            "E1,201,\"Alpha, City of\",2020,2021,0.01,,-0.02,0.03\nE1,201,\"Alpha, City of\",2021,2022/23,,,,0.004\n")
        #expect(scores.count == 4)
        #expect(
            scores[0]
                == LAScore(
                    areaCode: "E1", target: AcademicYear(2021), phase: .primary, horizon: 1, column: 1, error: 0.01))
        #expect(scores[2].phase == .secondary && scores[2].horizon == 3 && scores[2].error == 0.03)
        #expect(scores[3].target == AcademicYear(2022) && scores[3].horizon == 2 && scores[3].column == 3)
        #expect(scores[3].origin == AcademicYear(2020))
    }

    @Test("a percentage is refused at its line and column, with the proportion to write")
    func percentage() throws {
        #expect {
            _ = try read("E1,201,Alpha,2020,2021,0.01,,,\nE2,202,Beta,2021,2022,,0.5%,,\n")
        } throws: { error in
            (error as? InputError)?.description
                == "scorecards.csv:3: column 'For_3_P' (7): '0.5%' is a percentage, but this column holds a "
                + "proportion. Write 0.005 for 0.5%"
        }
    }

    @Test("a value of 100% or more, a word and a duplicate row are located")
    func badValues() throws {
        #expect {
            _ = try read("E1,201,Alpha,2020,2021,1.5,,,\n")
        } throws: { error in
            (error as? InputError)?.description
                == "scorecards.csv:2: column 'For_1_P' (6): 1.5 is not a plausible forecast error (100% or more). "
                + "Give the error as a proportion, e.g. 0.012 for 1.2% over-forecast, not in per cent"
        }
        #expect {
            _ = try read("E1,201,Alpha,2020,2021,,,n/a,\n")
        } throws: { error in
            let error = error as? InputError
            return error?.line == 2 && error?.column == "For_1_S" && error?.problem == "'n/a' is not a number"
        }
        #expect {
            _ = try read("E1,201,Alpha,2020,2021,,,,\nE1,201,Alpha,2020,2021,,,,\n")
        } throws: { error in
            (error as? InputError)?.description
                == "scorecards.csv:3: duplicate row for E1, target year 2021 (first given on line 2). "
                + "Keep one row per area and target year"
        }
    }
}
