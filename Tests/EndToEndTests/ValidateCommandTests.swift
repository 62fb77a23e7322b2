import Foundation
import TestSupport
import Testing

/// A copy of the default inputs in a temporary folder, with lines replaced: `edits[file][line] = text` (1-based
/// line numbers, the header being line 1; an empty text leaves a blank line, which readers skip).
private func editedInputs(_ edits: [String: [Int: String]]) throws -> URL {
    let folder = try temporaryDirectory().appendingPathComponent("inputs")
    try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("inputs"), to: folder)
    for (file, lines) in edits {
        let url = folder.appendingPathComponent(file)
        var text = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        for (line, replacement) in lines { text[line - 1] = replacement }
        try text.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }
    return folder
}

@Suite("placeplan validate: every problem in one pass, errors and warnings apart")
struct ValidateCommandTests {
    @Test("the default inputs, models and scenarios validate clean")
    func defaultInputsAreClean() throws {
        let result = try placeplan(["validate"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("No errors or warnings: the inputs can be forecast."), "\(result.stdout)")
        // 15 input files, the national period effects beside the models, 11 models (comparators.yaml is not a
        // model) and 6 scenarios.
        #expect(result.stdout.hasPrefix("Checked 33 files."), "\(result.stdout)")
    }

    @Test("errors in four files are all listed, each located; the rest is still checked")
    func errorsInSeveralFiles() throws {
        let folder = try editedInputs([
            "pupils.csv": [
                3: "P01,City Centre and Portswood (illustrative),2011,1,4O9",
                68: "P01,City Centre and Portswood (illustrative),2020,3,-456",
            ],
            "births.csv": [2: "P01,1992,lots"],
            "schools.csv": [3: "116092,Mount Pleasant Junior School,primary,P99,90,363,own,,3,,"],
            "planning.yaml": [2: "target_percent: 150"],
        ])
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let result = try placeplan(["validate", "--inputs", folder.path])
        #expect(result.status == 1)
        let expected = [
            "Errors (5):",
            "\(folder.path)/pupils.csv:3: column 'pupils' (5): '4O9' is not a number. Use digits, e.g. 2690 or "
                + "\"2,690\"",
            "\(folder.path)/pupils.csv:68: column 'pupils' (5): -456 is negative. Counts must be zero or more",
            "\(folder.path)/births.csv:2: column 'births' (3): 'lots' is not a number. Use digits, e.g. 2690 or "
                + "\"2,690\"",
            "\(folder.path)/schools.csv:3: column 'area_code' (4): unknown planning area 'P99'",
            "\(folder.path)/planning.yaml:2: column 17: target_percent must be below 100",
        ]
        for line in expected { #expect(result.stdout.contains(line), "missing \(line) in:\n\(result.stdout)") }
        // The school's rolls, unknown once its row is set aside, are a consequence, not an error of their own.
        #expect(
            result.stdout.contains(
                "\(folder.path)/school_rolls.csv: 24 row(s) naming a school or area whose own row has an error above"),
            "\(result.stdout)")
        #expect(!result.stdout.contains("unknown school"), "\(result.stdout)")
        // The forecast's checks would only see the rows set aside, so they wait for a clean read.
        #expect(result.stdout.contains("the forecast's own checks (they need every row)"), "\(result.stdout)")
    }

    @Test("values worth a look are warnings naming the area or school; the run still succeeds")
    func warnings() throws {
        let folder = try editedInputs([
            "pupils.csv": [68: "P01,City Centre and Portswood (illustrative),2020,3,4560"],
            "schools.csv": [2: "116088,Bevois Town Primary School,primary,P01,60,400,own,,,,"],
            "housing.csv": [3: ""],
        ])
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try "school_id,year,pan\n116088,2024,60\n"
            .write(to: folder.appendingPathComponent("pan_changes.csv"), atomically: true, encoding: .utf8)
        let result = try placeplan(["validate", "--inputs", folder.path])
        #expect(result.status == 0, "\(result.stdout)")
        let expected = [
            // Each at the line of the row to look at: line 68 is P01's Year 3 of 2020/21; line 76 its Year 4 a year on.
            "\(folder.path)/pupils.csv:68: area P01, 2020/21 Year 3: 4560 pupils, far from the area's other years",
            "\(folder.path)/pupils.csv:76: area P01: 4560 in Year 3 in 2020/21 became",
            "\(folder.path)/schools.csv: school 116088 (Bevois Town Primary School): 408 on roll in 2022/23, over "
                + "its net capacity of 400",
            "\(folder.path)/pan_changes.csv: school 116088 (Bevois Town Primary School): the PAN from 2024/25 is "
                + "set to 60, which it already is, so this change changes nothing",
            "\(folder.path)/housing.csv: area P01 has no completions for 2012/13",
        ]
        for line in expected { #expect(result.stdout.contains(line), "missing \(line) in:\n\(result.stdout)") }

        // Every other command runs the same checks first and prints the warnings.
        let out = folder.deletingLastPathComponent().appendingPathComponent("out")
        let forecast = try placeplan(["forecast", "--inputs", folder.path, "--out", out.path])
        #expect(forecast.status == 0, "\(forecast.stderr)")
        #expect(forecast.stderr.contains("Warning: " + expected[2]), "\(forecast.stderr)")
    }
}

@Suite("placeplan validate: files given on the command line")
struct ValidateFilesTests {
    @Test("a new schools.csv is checked against the rest of the inputs; a scenario file is read against them")
    func replacementAndScenario() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let schools = try String(
            contentsOf: repositoryRoot.appendingPathComponent("inputs/schools.csv"), encoding: .utf8
        ).replacingOccurrences(
            of: "116088,Bevois Town Primary School,primary,P01,60,",
            with: "116088,Bevois Town "
                + "Primary School,primary,P01,sixty,")
        let newSchools = folder.appendingPathComponent("schools.csv")
        try schools.write(to: newSchools, atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("cut.yaml")
        try "name: cut\npan_changes:\n  - { school: 999999, from: 2025, pan: 30 }\n"
            .write(to: scenario, atomically: true, encoding: .utf8)
        let result = try placeplan(["validate", newSchools.path, scenario.path])
        #expect(result.status == 1)
        for line in [
            "  \(newSchools.path):2: column 'pan' (5): 'sixty' is not a number. Use digits, e.g. 2690 or \"2,690\"",
            "  \(scenario.path):3: column 15: unknown school '999999'. Use a school_id from schools.csv",
        ] {
            #expect(result.stdout.contains(line), "missing \(line) in:\n\(result.stdout)")
        }
    }

    @Test("a file validate cannot place, a folder of inputs, and a file not there each get a word")
    func unknownFiles() throws {
        let result = try placeplan(["validate", "notes.txt", "inputs", "inputs/nothing.csv"])
        #expect(result.status == 1)
        for line in [
            "  notes.txt: file not found",
            "  inputs: this is an inputs folder, not a file. Give --inputs inputs to check the folder's files",
            "  inputs/nothing.csv: file not found",
        ] {
            #expect(result.stdout.contains(line), "missing \(line) in:\n\(result.stdout)")
        }
    }
}
