import Foundation
import TestSupport
import Testing

/// Writes a small valid input folder, then lets a test break one thing in it.
private func inputFolder(pupils: String? = nil, births: String? = nil, transfer: String? = nil) throws -> URL {
    let folder = try temporaryDirectory()
    var rows = ["area_code,area_name,year,year_group,pupils"]
    for year in 2017...2019 { for group in ["R", "1", "2"] { rows.append("A,Alpha,\(year),\(group),100") } }
    try (pupils ?? rows.joined(separator: "\n") + "\n")
        .write(to: folder.appendingPathComponent("pupils.csv"), atomically: true, encoding: .utf8)
    try (births ?? "area_code,year,births\nA,2013,110\nA,2014,110\nA,2015,110\nA,2016,110\n")
        .write(to: folder.appendingPathComponent("births.csv"), atomically: true, encoding: .utf8)
    if let transfer {
        try transfer.write(to: folder.appendingPathComponent("transfer.csv"), atomically: true, encoding: .utf8)
    }
    return folder
}

private let validPupils =
    (["area_code,area_name,year,year_group,pupils"]
    + (2017...2019).flatMap { year in ["R", "1", "2"].map { "A,Alpha,\(year),\($0),100" } }).joined(separator: "\n")
    + "\n"

/// (name, pupils text, births text, transfer text, expected message fragment)
private let badCases: [(String, String?, String?, String?, String)] = [
    (
        "missing column", validPupils.replacingOccurrences(of: "year_group", with: "grade"), nil, nil,
        "pupils.csv:1: column 'year_group': the header has no column 'year_group'"
    ),
    (
        "non-number", validPupils.replacingOccurrences(of: "A,Alpha,2018,1,100", with: "A,Alpha,2018,1,1OO"), nil, nil,
        "pupils.csv:6: column 'pupils' (5): '1OO' is not a number"
    ),
    (
        "negative count", validPupils.replacingOccurrences(of: "A,Alpha,2019,2,100", with: "A,Alpha,2019,2,-3"), nil,
        nil,
        "pupils.csv:10: column 'pupils' (5): -3 is negative"
    ),
    (
        "duplicate key", validPupils + "A,Alpha,2019,R,99\n", nil, nil,
        "pupils.csv:11: duplicate row for area A, year 2019, year group R (first given on line 8)"
    ),
    ("empty file", "", nil, nil, "pupils.csv: the file is empty"),
    (
        "unknown year group", validPupils.replacingOccurrences(of: "A,Alpha,2017,2,100", with: "A,Alpha,2017,Yr2,100"),
        nil, nil,
        "pupils.csv:4: column 'year_group' (4): 'Yr2' is not a year group"
    ),
    (
        "gap in years",
        validPupils.split(separator: "\n").filter { !$0.contains(",2018,") }.joined(separator: "\n") + "\n",
        nil, nil, "area A jumps from 2017 to 2019"
    ),
    (
        "births non-number", nil, "area_code,year,births\nA,2015,lots\n", nil,
        "births.csv:2: column 'births' (3): 'lots' is not a number"
    ),
    (
        "unknown area in transfer", nil, nil, "from_area,to_area,share\nA,Z9,0.5\n",
        "transfer.csv:2: column 'to_area' (2): unknown area 'Z9'"
    ),
    (
        "births missing for an area", nil, "area_code,year,births\nB,2015,100\n", nil,
        "area A has Reception pupils but no births"
    ),
    (
        "semicolon-separated", validPupils.replacingOccurrences(of: ",", with: ";"), nil, nil,
        "pupils.csv:1: the columns are separated by semicolons, not commas"
    ),
    (
        "impossible count",
        validPupils.replacingOccurrences(of: "A,Alpha,2019,1,100", with: "A,Alpha,2019,1,12345678901234567890"), nil,
        nil, "pupils.csv:9: column 'pupils' (5): 12345678901234567890 is implausibly large for one row"
    ),
    (
        "percentage for a share", nil, nil, "from_area,to_area,share\nA,A,78%\n",
        "transfer.csv:2: column 'share' (3): '78%' is a percentage, but this column holds a share. Write 0.78 for 78%"
    ),
]

@Suite("Bad inputs: located error, non-zero exit, nothing written")
struct BadInputTests {
    @Test(arguments: badCases.indices)
    func badInput(_ index: Int) throws {
        let (name, pupils, births, transfer, message) = badCases[index]
        let folder = try inputFolder(pupils: pupils, births: births, transfer: transfer)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let result = try placeplan(["forecast", "--inputs", folder.path, "--out", out.path])
        #expect(result.status != 0, "\(name): exit status")
        #expect(result.stderr.contains(message), "\(name): stderr was \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "\(name): output written")
    }

    @Test("the valid folder used above does forecast (so the failures are the edits')")
    func validFolderWorks() throws {
        let folder = try inputFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try placeplan([
            "forecast", "--inputs", folder.path, "--out", folder.appendingPathComponent("out").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("an invalid model file is located; a missing file is named")
    func badModelAndMissingFile() throws {
        let folder = try inputFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("bad.yaml")
        try "intake: { estimator: mean }\nprogression:\n  estimator: mean\n  window: three\n"
            .write(to: model, atomically: true, encoding: .utf8)
        let bad = try placeplan([
            "forecast", "--inputs", folder.path, "--model", model.path,
            "--out", folder.appendingPathComponent("out").path,
        ])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.yaml:4: column 11: window: expected a whole number"), "\(bad.stderr)")
        let missing = try placeplan([
            "forecast", "--pupils", folder.appendingPathComponent("nope.csv").path,
            "--births", folder.appendingPathComponent("births.csv").path,
            "--out", folder.appendingPathComponent("out").path,
        ])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.csv: file not found"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}

@Suite("Bad supply inputs")
struct BadSupplyInputTests {
    /// A copy of the default inputs with one file's text edited.
    private func editedInputs(_ file: String, _ edit: (String) -> String) throws -> URL {
        let folder = try temporaryDirectory()
        let source = repositoryRoot.appendingPathComponent("inputs")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.contains(".") {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let url = folder.appendingPathComponent(file)
        try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        return folder
    }

    @Test(arguments: [
        (
            "schools.csv", "116088,Bevois Town Primary School,primary,P01,",
            "116088,Bevois Town Primary School,primary,P99,",
            "schools.csv:2: column 'area_code' (4): unknown planning area 'P99'"
        ),
        (
            "schools.csv", "116092,Mount Pleasant Junior School,primary,P01,90,",
            "116092,Mount Pleasant Junior School,primary,P01,ninety,",
            "schools.csv:3: column 'pan' (5): 'ninety' is not a number"
        ),
        (
            "planning_areas.csv", "P02,Shirley and Freemantle (illustrative),primary",
            "P02,Shirley and Freemantle (illustrative),nursery",
            "planning_areas.csv:3: column 'phase' (3): 'nursery' is not a planning-area phase"
        ),
        (
            "planning.yaml", "target_percent: 5 ", "target_percent: five ",
            "planning.yaml:2: column 17: target_percent: expected a number"
        ),
        (
            "finance.yaml", "census_lag_years: 1", "census_lag: 1",
            "finance.yaml:3: column 1: unknown setting 'census_lag'"
        ),
    ])
    func badSupplyFile(_ file: String, _ from: String, _ to: String, _ message: String) throws {
        let folder = try editedInputs(file) { $0.replacingOccurrences(of: from, with: to) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let result = try placeplan(["forecast", "--inputs", folder.path, "--out", out.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

@Suite("Spreadsheet variants of a clean file forecast byte for byte the same")
struct HarmlessVariantTests {
    /// forecast.csv from a folder whose pupils.csv holds `pupils` (bytes), and the command's stderr.
    private func forecast(pupils: Data) throws -> (csv: Data, stderr: String) {
        let folder = try inputFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try pupils.write(to: folder.appendingPathComponent("pupils.csv"))
        let out = folder.appendingPathComponent("out")
        let result = try placeplan(["forecast", "--inputs", folder.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        return (try Data(contentsOf: out.appendingPathComponent("forecast.csv")), result.stderr)
    }

    @Test("Excel's empty rows, CRLF, quoted thousands and a Windows-1252 name (with a warning)")
    func variants() throws {
        let named = validPupils.replacingOccurrences(of: "Alpha", with: "St Mary\u{2019}s")
        let clean = try forecast(pupils: Data(named.utf8))
        #expect(clean.stderr.isEmpty, "\(clean.stderr)")
        let excel = named.replacingOccurrences(of: "\n", with: "\r\n") + ",,,,\r\n,,,,\r\n"
        #expect(try forecast(pupils: Data(excel.utf8)).csv == clean.csv)
        let quoted = named.replacingOccurrences(of: ",100\n", with: ",\"1,100\"\n")
        let thousands = try forecast(pupils: Data(quoted.utf8)).csv
        #expect(String(decoding: thousands, as: UTF8.self).contains(",1100"))
        // Windows-1252: ’ is the byte 0x92.
        let windows = Data(named.unicodeScalars.map { $0 == "\u{2019}" ? 0x92 : UInt8($0.value) })
        let decoded = try forecast(pupils: windows)
        #expect(decoded.csv == clean.csv)
        #expect(decoded.stderr.contains("Warning: "), "\(decoded.stderr)")
        #expect(decoded.stderr.contains("pupils.csv: the file is not UTF-8, so it was read as Windows-1252"))
    }
}

@Suite("Mistyped commands and options get a word")
struct MistypedCommandTests {
    @Test("a mistyped command: did you mean, exit 64")
    func command() throws {
        let result = try placeplan(["forcast"])
        #expect(result.status == 64)
        #expect(
            result.stderr.hasPrefix("Error: unknown command 'forcast'. Did you mean 'forecast'?"), "\(result.stderr)")
        let far = try placeplan(["zzz"])
        #expect(far.status == 64 && !far.stderr.contains("Did you mean"), "\(far.stderr)")
    }

    @Test("a range written backwards says how to write it; 2015/16 is a year")
    func ranges() throws {
        let backwards = try placeplan(["backtest", "--origins", "2018-2015"])
        #expect(backwards.status == 64)
        #expect(backwards.stderr.contains("--origins 2018-2015 runs backwards: write 2015-2018"), "\(backwards.stderr)")
        let folder = try inputFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("bt")
        let labelled = try placeplan([
            "backtest", "--inputs", folder.path, "--origins", "2018/19-2018/19", "--horizons", "1", "--out", out.path,
        ])
        #expect(labelled.status == 0, "\(labelled.stderr)")
        let rows = try SimpleCSV(out.appendingPathComponent("backtest.csv"))
        #expect(Set(rows.rows.map { $0[rows.columns["origin"]!] }) == ["2018"])
    }

    @Test("suggest: an unknown protected school and judged years outside the forecast are refused")
    func suggest() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let inputs = repositoryRoot.appendingPathComponent("inputs").path
        let schools = try SimpleCSV(repositoryRoot.appendingPathComponent("inputs/schools.csv"))
        let id = try #require(schools.rows.first?[schools.columns["school_id"]!])
        let typo = String(id.dropLast())
        let protect = try placeplan([
            "scenario", "suggest", "--inputs", inputs, "--protect", typo, "--out", out.appendingPathComponent("s").path,
        ])
        #expect(protect.status != 0)
        #expect(protect.stderr.contains("--protect: no school '\(typo)' in schools.csv."), "\(protect.stderr)")
        let years = try placeplan([
            "scenario", "suggest", "--inputs", inputs, "--years", "2019-2040", "--out",
            out.appendingPathComponent("y").path,
        ])
        #expect(years.status != 0)
        #expect(years.stderr.contains("--years 2019-2040: the forecast runs from"), "\(years.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("y").path))
    }
}

@Suite("Nothing dropped without a word")
struct NothingDroppedSilentlyTests {
    @Test("from another folder: no scenarios or models found is said, with where they were looked for")
    func anotherFolder() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = repositoryRoot.appendingPathComponent("inputs").path
        let scenarios = try placeplan(
            ["scenario", "run", "--inputs", inputs, "--out", folder.appendingPathComponent("s").path], in: folder)
        #expect(scenarios.status == 0, "\(scenarios.stderr)")
        #expect(
            scenarios.stderr.contains(
                "Warning: no scenario files given and none found in \(folder.standardizedFileURL.path)/models/scenarios"
            ),
            "\(scenarios.stderr)")
        let backtest = try placeplan(
            [
                "backtest", "--inputs", inputs, "--horizons", "1", "--no-send", "--no-early-years", "--out",
                folder.appendingPathComponent("b").path,
            ], in: folder)
        #expect(backtest.status == 0, "\(backtest.stderr)")
        #expect(backtest.stderr.contains("Warning: no model files found in "), "\(backtest.stderr)")
        #expect(backtest.stderr.contains("only the built-in models (auto, standard) are compared"))
    }

    @Test("a folder given as a scenario file, and --pupils without --inputs for scenarios, get the fix")
    func folderAndPupilsOnly() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let folder = try placeplan(["scenario", "run", "models", "--out", out.appendingPathComponent("a").path])
        #expect(folder.status != 0)
        #expect(folder.stderr.contains("models: this is a folder, not a scenario file."), "\(folder.stderr)")
        let pupilsOnly = try placeplan([
            "scenario", "run", "--pupils", "inputs/pupils.csv", "--births", "inputs/births.csv", "--out",
            out.appendingPathComponent("b").path,
        ])
        #expect(pupilsOnly.status != 0)
        #expect(
            pupilsOnly.stderr.contains("with --pupils and --births, also give --inputs FOLDER"), "\(pupilsOnly.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("a").path))
    }
}

@Suite("Academic years as the tool prints them")
struct AcademicYearOptionTests {
    @Test("--first-intake takes 2026/27; too early an intake is refused with the dates that make it so")
    func firstIntake() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let ok = try placeplan([
            "scenario", "suggest", "--first-intake", "2026/27", "--out", out.appendingPathComponent("a").path,
        ])
        #expect(ok.status == 0, "\(ok.stderr)")
        // The census is January 2023 (2022/23): consultation to January 2024, determined by 28 February 2024, so
        // the first intake it can change is September 2025.
        let early = try placeplan([
            "scenario", "suggest", "--first-intake", "2023/24", "--out", out.appendingPathComponent("b").path,
        ])
        #expect(early.status != 0)
        #expect(
            early.stderr.contains(
                "--first-intake 2023/24 is too early: a PAN decided after the January 2023 census (2022/23) first "
                    + "applies to the September 2025 intake (2025/26)"), "\(early.stderr)")
        let bad = try placeplan(["scenario", "suggest", "--first-intake", "2023/25"])
        #expect(bad.status == 64)
    }
}

@Suite("Areas that cannot be forecast, end to end")
struct SkippedAreaCommandTests {
    /// Two areas, B without births: skipped and named by default; --strict stops with nothing written.
    @Test("skipped and named in the summary and run.json; --strict makes it an error")
    func skippedOrStrict() throws {
        let rows = (2017...2019).flatMap { year in
            ["A", "B"].flatMap { area in ["R", "1", "2"].map { "\(area),\(area)lpha,\(year),\($0),100" } }
        }
        let pupils = (["area_code,area_name,year,year_group,pupils"] + rows).joined(separator: "\n") + "\n"
        let folder = try inputFolder(pupils: pupils)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let result = try placeplan(["forecast", "--inputs", folder.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Skipped B (Blpha): it has Reception pupils but no births in the births file."))
        let record = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(record.contains("\"skipped_areas\"") && record.contains("\"area\" : \"B\""), "\(record)")
        let strictOut = folder.appendingPathComponent("strict")
        let strict = try placeplan(["forecast", "--inputs", folder.path, "--strict", "--out", strictOut.path])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("--strict: 1 area(s) cannot be forecast: B (Blpha)"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: strictOut.path))
    }
}
