import Foundation
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

/// `text` with 1–8 random edits: a byte replaced, deleted or inserted, or a line duplicated, from characters that
/// matter to the readers (separators, quotes, digits, signs, YAML punctuation, a tab, a non-ASCII letter).
private func mutated(_ text: String, _ random: inout SplitMix64) -> String {
    var bytes = Array(text.utf8)
    let alphabet = Array(",\"\n\r\t:-[]{}#%0123456789.eE ;'é".utf8)
    for _ in 0..<Int.random(in: 1...8, using: &random) {
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

/// The short fuzz run of the suite: every mutated input is either read or refused with an `InputError` that names
/// the file — never a crash (a trap would stop the test process) and never an error of another kind. A longer
/// run: `FUZZ_CASES=200000 swift test --filter ReaderFuzz`.
@Suite("Readers under random edits (seeded fuzzing)")
struct ReaderFuzzTests {
    private let cases = Int(ProcessInfo.processInfo.environment["FUZZ_CASES"] ?? "") ?? 1500

    private func text(_ name: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("inputs/\(name)"), encoding: .utf8)
    }

    @Test("pupils, births, planning areas and schools CSV")
    func csvReaders() throws {
        var random = SplitMix64(state: 2026)
        let pupils = try text("pupils.csv").split(separator: "\n").prefix(60).joined(separator: "\n") + "\n"
        let births = try text("births.csv")
        let areas = try text("planning_areas.csv")
        let schools = try text("schools.csv")
        let knownAreas = try SupplyReaders.planningAreas(CSVTable(text: areas, file: "planning_areas.csv"))
        var refused = 0
        for _ in 0..<cases {
            do {
                _ = try InputReaders.pupils(CSVTable(text: mutated(pupils, &random), file: "pupils.csv"))
                _ = try InputReaders.births(CSVTable(text: mutated(births, &random), file: "births.csv"))
                _ = try SupplyReaders.planningAreas(CSVTable(text: mutated(areas, &random), file: "planning_areas.csv"))
                _ = try SupplyReaders.schools(
                    CSVTable(text: mutated(schools, &random), file: "schools.csv"), areas: knownAreas)
            } catch {
                refused += 1
                #expect(["pupils.csv", "births.csv", "planning_areas.csv", "schools.csv"].contains(error.file))
                #expect(!error.problem.isEmpty)
            }
        }
        #expect(refused > cases / 10, "the edits should break many inputs: \(refused) of \(cases) refused")
    }

    @Test("YAML settings and model files")
    func yamlReaders() throws {
        var random = SplitMix64(state: 852)
        let planning = try text("planning.yaml")
        let model = try String(
            contentsOf: repositoryRoot.appendingPathComponent("models/auto.yaml"), encoding: .utf8)
        var refused = 0
        for _ in 0..<cases {
            do {
                _ = try SupplyReaders.planning(YAMLDocument(text: mutated(planning, &random), file: "planning.yaml"))
                _ = try ModelFile.parse(mutated(model, &random), file: "auto.yaml")
            } catch {
                refused += 1
                #expect(["planning.yaml", "auto.yaml"].contains(error.file))
                #expect(!error.problem.isEmpty)
            }
        }
        #expect(refused > cases / 10, "\(refused) of \(cases) refused")
    }
}
