import Crypto
import Foundation

/// Writes one run's files into an output directory all at once, keeping every earlier run.
///
/// Files are first written to a staging folder inside the output directory; only when all are written are they
/// renamed into place (a rename within one file system is atomic). If the directory already holds a previous
/// run (its `run.json`), that run's files are first moved to `archive/<its run id>/`. A file that placeplan
/// did not write is never overwritten: the run stops with an error instead.
public struct RunDirectory {
    public static let recordName = "run.json"

    public let url: URL
    /// How messages name the directory (as the user typed it).
    public let displayPath: String

    public init(url: URL, displayPath: String) {
        self.url = url
        self.displayPath = displayPath
    }

    /// Writes `files` (name → text) plus `run.json` made from `record`; returns the paths written.
    @discardableResult
    public func commit(files: [(name: String, contents: String)], record: [String: Any]) throws(InputError) -> [String]
    {
        try commit(files: files.map { ($0.name, Data($0.contents.utf8)) }, record: record)
    }

    /// Writes `files` (name → bytes, e.g. a workbook) plus `run.json` made from `record` under `runID` (made now
    /// unless given, e.g. because a file already names it); returns the paths written.
    @discardableResult
    public func commit(
        files: [(name: String, contents: Data)], record: [String: Any], runID: String = RunDirectory.newRunID()
    ) throws(InputError) -> [String] {
        for file in files where file.name.hasSuffix(".csv") {
            if let (line, column) = Self.nonFiniteField(in: file.contents) {
                throw InputError(
                    file: "\(displayPath)/\(file.name)", line: line, columnNumber: column,
                    problem: "a number that is not finite (NaN or infinity) was about to be written",
                    hint: "Nothing was written. This is a fault in placeplan: please report it with the inputs")
            }
        }
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw InputError(
                file: displayPath, problem: "cannot create the output directory (\(error.localizedDescription))")
        }
        let previous = previousRun()
        let names = files.map(\.name) + [Self.recordName]
        for name in names where manager.fileExists(atPath: url.appendingPathComponent(name).path) {
            if name != Self.recordName, previous?.files.contains(name) == true { continue }
            if name == Self.recordName, previous != nil { continue }
            throw InputError(
                file: "\(displayPath)/\(name)",
                problem: "the file exists and was not written by a placeplan run, so it is left untouched",
                hint: "Choose another --out directory, or move the file away")
        }

        var fullRecord = record
        fullRecord["run_id"] = runID
        fullRecord["files"] = files.map(\.name)
        let staging = url.appendingPathComponent(".staging-\(runID)-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                try file.contents.write(to: staging.appendingPathComponent(file.name))
            }
            let json = try JSONSerialization.data(
                withJSONObject: fullRecord, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try json.write(to: staging.appendingPathComponent(Self.recordName))
        } catch {
            try? manager.removeItem(at: staging)
            throw InputError(
                file: displayPath, problem: "cannot write the run's files (\(error.localizedDescription))",
                hint: "Nothing was changed in the output directory")
        }

        do {
            if let previous {
                let archive = url.appendingPathComponent("archive").appendingPathComponent(previous.runID)
                try manager.createDirectory(at: archive, withIntermediateDirectories: true)
                for name in previous.files + [Self.recordName]
                where manager.fileExists(atPath: url.appendingPathComponent(name).path) {
                    try manager.moveItem(at: url.appendingPathComponent(name), to: archive.appendingPathComponent(name))
                }
            }
            for name in names {
                try manager.moveItem(at: staging.appendingPathComponent(name), to: url.appendingPathComponent(name))
            }
            try manager.removeItem(at: staging)
        } catch {
            throw InputError(
                file: displayPath, problem: "could not move the run's files into place (\(error.localizedDescription))",
                hint: "The complete new run is in \(staging.lastPathComponent) and earlier runs are under archive/")
        }
        return names.map { "\(displayPath)/\($0)" }
    }

    /// The line and field (1-based) of the first CSV field that is `NaN`, `inf` or `-inf` (what a non-finite number
    /// would be written as), or nil: no such value may reach a user's file.
    ///
    /// Only lines containing `NaN` or `inf` are looked at field by field (so a lone `nan` passes, as it always has).
    /// A file without carriage returns (what the writers make) is split into lines on its UTF-8 bytes, where an
    /// ASCII byte is always its own character: the national forecast has about 15,000 lines, nearly all without
    /// either word. A line with one of them is checked on its bytes when it is ASCII, else (whose whitespace
    /// Foundation would trim) by Foundation's matching of that line. A file with a carriage return (`\r\n` is one
    /// character there) goes through Foundation's matching whole. The result is the same either way.
    static func nonFiniteField(in csv: Data) -> (line: Int, column: Int)? {
        let fast = csv.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int)?? in
            guard !bytes.contains(UInt8(ascii: "\r")) else { return .none }
            var lineNumber = 1
            for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                let line = UnsafeRawBufferPointer(rebasing: line)
                if contains(line, "NaN") || contains(line, "inf"),
                    let column = line.contains(where: { $0 >= 0x80 })
                        ? nonFiniteColumn(text: String(decoding: line, as: UTF8.self)[...])
                        : nonFiniteColumn(ascii: line)
                {
                    return .some((lineNumber, column))
                }
                lineNumber += 1
            }
            return .some(nil)
        }
        return fast ?? nonFiniteFieldByFoundation(in: csv)
    }

    /// The field (1-based) of an ASCII line that is `NaN`, `nan`, `inf`, `-inf` or `+inf` once trimmed of spaces
    /// and tabs (the only ASCII characters Foundation's `.whitespaces` holds).
    private static func nonFiniteColumn(ascii line: UnsafeRawBufferPointer) -> Int? {
        let words: [[UInt8]] = ["NaN", "nan", "inf", "-inf", "+inf"].map { Array($0.utf8) }
        for (column, field) in line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .enumerated()
        {
            var trimmed = field[...]
            while let first = trimmed.first, first == 0x20 || first == 0x09 { trimmed = trimmed.dropFirst() }
            while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
            if words.contains(where: { $0.elementsEqual(trimmed) }) { return column + 1 }
        }
        return nil
    }

    /// True when the ASCII bytes `line` contain `word` (ASCII).
    private static func contains(_ line: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard line.count >= count else { return false }
        let pattern = UnsafeRawBufferPointer(start: word.utf8Start, count: count)
        for offset in 0...(line.count - count) where line[offset] == pattern[0] {
            if (1..<count).allSatisfy({ line[offset + $0] == pattern[$0] }) { return true }
        }
        return false
    }

    /// The field check on Foundation's text matching: any file (and the tests compare the two).
    static func nonFiniteFieldByFoundation(in csv: Data) -> (line: Int, column: Int)? {
        let text = String(decoding: csv, as: UTF8.self)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.contains("NaN") || line.contains("inf") else { continue }
            if let column = nonFiniteColumn(text: line) { return (index + 1, column) }
        }
        return nil
    }

    /// The field (1-based) of `line` that is a non-finite number once trimmed by Foundation's `.whitespaces`.
    private static func nonFiniteColumn(text line: Substring) -> Int? {
        for (column, field) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated()
        where ["NaN", "nan", "inf", "-inf", "+inf"].contains(field.trimmingCharacters(in: .whitespaces)) {
            return column + 1
        }
        return nil
    }

    /// The run recorded by `run.json`, if any: its id and the files it wrote.
    private func previousRun() -> (runID: String, files: [String])? {
        guard let data = try? Data(contentsOf: url.appendingPathComponent(Self.recordName)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        let runID = (object["run_id"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "unknown-\(Self.newRunID())"
        let files = (object["files"] as? [String] ?? []).filter { !$0.contains("/") && !$0.hasPrefix(".") }
        return (runID, files)
    }

    /// A sortable, unique-enough id: UTC time to the millisecond, e.g. 20261130T004512.123Z.
    public static func newRunID() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return formatter.string(from: Date())
    }

    /// SHA-256 of a file's bytes, lower-case hex (64 characters): recorded in `run.json` to tie outputs to inputs.
    public static func checksum(of data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
