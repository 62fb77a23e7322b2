import Foundation
import PlaceForecast
import TestSupport
import Testing

@testable import PlaceIO

/// A small seeded generator (SplitMix64), so every run tries the same inputs and a failure can be replayed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `text` with one random edit half the time (so that more inputs still read and the deeper checks run), else 2–8:
/// a byte replaced, deleted or inserted, or a line duplicated, from characters that matter to the readers
/// (separators, quotes, digits, signs, YAML punctuation, a tab, a non-ASCII letter).
private func mutated(_ text: String, _ random: inout SplitMix64) -> String {
    var bytes = Array(text.utf8)
    let alphabet = Array(",\"\n\r\t:-[]{}#%0123456789.eE ;'é".utf8)
    for _ in 0..<(Bool.random(using: &random) ? 1 : Int.random(in: 2...8, using: &random)) {
        guard !bytes.isEmpty else { break }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: bytes[at] = alphabet.randomElement(using: &random)!
        case 1: bytes.remove(at: at)
        case 2: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
        default:
            let line = bytes[at...].prefix { $0 != 10 }
            bytes.insert(contentsOf: line + [10], at: at)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// One reader under fuzzing: the file it reads (from the bad-input corpus's clean city) and how it is read.
private struct FuzzedReader {
    let file: String
    let read: (String) throws(InputError) -> Void
}

/// Runs `readers` in turn on mutated copies of their files, `cases` inputs in all, or for `seconds` when given:
/// every input is either read or refused with an `InputError` that names its file (a trap would stop the test
/// process; an error of another kind fails the test). Prints how many inputs each reader tried and the slowest one.
private func fuzz(_ readers: [FuzzedReader], seed: UInt64, cases: Int, seconds: Double?) throws -> (Int, Int) {
    var random = SplitMix64(state: seed)
    let texts = try readers.map { reader in
        try String(contentsOf: corpusClean.appendingPathComponent(reader.file), encoding: .utf8)
    }
    var tried = Array(repeating: 0, count: readers.count)
    var refused = 0
    var slowest = 0.0
    let start = Date()
    var index = 0
    while seconds.map({ Date().timeIntervalSince(start) < $0 }) ?? (index < cases) {
        let which = index % readers.count
        index += 1
        let input = mutated(texts[which], &random)
        let began = Date()
        do {
            try readers[which].read(input)
        } catch {
            refused += 1
            #expect(error.file == readers[which].file, "\(error)")
            #expect(!error.problem.isEmpty)
        }
        slowest = max(slowest, Date().timeIntervalSince(began))
        tried[which] += 1
    }
    let counts = zip(readers, tried).map { "\($0.file) \($1)" }.joined(separator: ", ")
    print(
        "Fuzzed \(index) inputs in \(Int(Date().timeIntervalSince(start))) s (\(counts)); \(refused) refused; "
            + "slowest \(Int(slowest * 1000)) ms")
    return (index, refused)
}

private let corpusClean = repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Corpus/clean")

/// The short fuzz run of the suite (1,500 inputs per test). Longer runs: `FUZZ_CASES=200000 swift test --filter
/// ReaderFuzz`, or by time, `FUZZ_SECONDS=600 swift test --filter ReaderFuzz` (ten minutes for the CSV readers
/// and ten for the YAML readers, side by side), as in docs/inputs.md.
@Suite("Readers under random edits (seeded fuzzing)")
struct ReaderFuzzTests {
    private let cases = Int(ProcessInfo.processInfo.environment["FUZZ_CASES"] ?? "") ?? 1500
    private let seconds = Double(ProcessInfo.processInfo.environment["FUZZ_SECONDS"] ?? "")

    private func table(_ text: String, _ file: String) throws(InputError) -> CSVTable {
        try CSVTable(text: text, file: file)
    }

    @Test("every CSV reader: pupils, births, transfer, housing, supply, SEND and early-years files")
    func csvReaders() throws {
        let areas = try SupplyReaders.planningAreas(
            CSVTable(contentsOf: corpusClean.appendingPathComponent("planning_areas.csv"), displayPath: "areas"))
        let schools = try SupplyReaders.schools(
            CSVTable(contentsOf: corpusClean.appendingPathComponent("schools.csv"), displayPath: "schools"),
            areas: areas)
        let known = Set(areas.map(\.code))
        let readers: [FuzzedReader] = [
            FuzzedReader(file: "pupils.csv") { text throws(InputError) in
                _ = try InputReaders.pupils(table(text, "pupils.csv"))
            },
            FuzzedReader(file: "births.csv") { text throws(InputError) in
                _ = try InputReaders.births(table(text, "births.csv"))
            },
            FuzzedReader(file: "transfer.csv") { text throws(InputError) in
                _ = try InputReaders.transfers(table(text, "transfer.csv"), knownAreas: known)
            },
            FuzzedReader(file: "housing.csv") { text throws(InputError) in
                _ = try InputReaders.housing(table(text, "housing.csv"), knownAreas: known)
            },
            FuzzedReader(file: "planning_areas.csv") { text throws(InputError) in
                _ = try SupplyReaders.planningAreas(table(text, "planning_areas.csv"))
            },
            FuzzedReader(file: "schools.csv") { text throws(InputError) in
                _ = try SupplyReaders.schools(table(text, "schools.csv"), areas: areas)
            },
            FuzzedReader(file: "pan_changes.csv") { text throws(InputError) in
                _ = try SupplyReaders.panChanges(table(text, "pan_changes.csv"), schools: schools)
            },
            FuzzedReader(file: "school_rolls.csv") { text throws(InputError) in
                _ = try SupplyReaders.schoolRolls(table(text, "school_rolls.csv"), schools: schools)
            },
            FuzzedReader(file: "ehcp.csv") { text throws(InputError) in
                _ = try SendReaders.caseload(table(text, "ehcp.csv"), newPlans: nil)
            },
            FuzzedReader(file: "send_settings.csv") { text throws(InputError) in
                _ = try SendReaders.settings(table(text, "send_settings.csv"))
            },
            FuzzedReader(file: "early_years.csv") { text throws(InputError) in
                _ = try EarlyYearsReaders.history(table(text, "early_years.csv"))
            },
            FuzzedReader(file: "early_years_providers.csv") { text throws(InputError) in
                _ = try EarlyYearsReaders.providers(table(text, "early_years_providers.csv"), areas: areas)
            },
        ]
        let (tried, refused) = try fuzz(readers, seed: 2026, cases: cases, seconds: seconds)
        #expect(refused > tried / 10, "the edits should break many inputs: \(refused) of \(tried) refused")
    }

    @Test("every YAML reader: planning, finance, yields, model and scenario files")
    func yamlReaders() throws {
        let areas = try SupplyReaders.planningAreas(
            CSVTable(contentsOf: corpusClean.appendingPathComponent("planning_areas.csv"), displayPath: "areas"))
        let schools = try SupplyReaders.schools(
            CSVTable(contentsOf: corpusClean.appendingPathComponent("schools.csv"), displayPath: "schools"),
            areas: areas)
        let context = ScenarioFile.Context(
            schools: schools, areas: areas, origin: AcademicYear(2022), providers: nil, hasEarlyYears: false)
        let readers: [FuzzedReader] = [
            FuzzedReader(file: "planning.yaml") { text throws(InputError) in
                _ = try SupplyReaders.planning(YAMLDocument(text: text, file: "planning.yaml"))
            },
            FuzzedReader(file: "finance.yaml") { text throws(InputError) in
                _ = try SupplyReaders.finance(YAMLDocument(text: text, file: "finance.yaml"))
            },
            FuzzedReader(file: "yields.yaml") { text throws(InputError) in
                _ = try SupplyReaders.yields(YAMLDocument(text: text, file: "yields.yaml"))
            },
            FuzzedReader(file: "model.yaml") { text throws(InputError) in
                _ = try ModelFile.parse(text, file: "model.yaml")
            },
            FuzzedReader(file: "scenario.yaml") { text throws(InputError) in
                _ = try ScenarioFile.parse(text, file: "scenario.yaml", context: context)
            },
        ]
        let (tried, refused) = try fuzz(readers, seed: 852, cases: cases, seconds: seconds)
        #expect(refused > tried / 10, "\(refused) of \(tried) refused")
    }
}
