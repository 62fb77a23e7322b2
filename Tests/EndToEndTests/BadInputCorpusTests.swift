import Foundation
import TestSupport
import Testing

/// The corpus of realistic bad and harmless inputs: `Tests/EndToEndTests/Corpus` (its README.md gives the format).
/// `clean/` is a tiny city with every input file; each case under `bad/` and `harmless/` holds only the files that
/// differ from it.
private let corpus = repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Corpus")

/// The case folders of `bad` or `harmless`, sorted, found at run time so that a new case needs no code.
private func caseNames(_ kind: String) -> [String] {
    let folder = corpus.appendingPathComponent(kind).path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
}

private let badCases = caseNames("bad")
private let harmlessCases = caseNames("harmless")

/// Copies the clean inputs to `destination`, then lays the files of `overlay` (a case folder) over them: a file
/// replaces the clean one of its name, `NAME.absent` removes NAME, and `expected` is not an input.
private func prepareInputs(at destination: URL, overlay: URL?) throws {
    let fileManager = FileManager.default
    try fileManager.copyItem(at: corpus.appendingPathComponent("clean"), to: destination)
    guard let overlay else { return }
    for name in try fileManager.contentsOfDirectory(atPath: overlay.path) where name != "expected" {
        if name.hasSuffix(".absent") {
            try fileManager.removeItem(at: destination.appendingPathComponent(String(name.dropLast(".absent".count))))
            continue
        }
        let target = destination.appendingPathComponent(name)
        if fileManager.fileExists(atPath: target.path) { try fileManager.removeItem(at: target) }
        try fileManager.copyItem(at: overlay.appendingPathComponent(name), to: target)
    }
}

/// A bad case's `expected` file: the arguments after `placeplan` on the first line, `status: N`, and every other
/// non-empty line a full line that stderr must contain; `{inputs}` and `{out}` stand for the two folders.
private struct Expectation {
    let arguments: [String]
    let status: Int32?
    let lines: [String]
    /// What `placeplan validate` lists under Errors: the lines after `validate: `, else the `Error: ` lines.
    let validateLines: [String]

    init(_ text: String, inputs: String, out: String) {
        let fill = { (line: String) in
            line.replacingOccurrences(of: "{inputs}", with: inputs).replacingOccurrences(of: "{out}", with: out)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        arguments = (lines.first ?? "").split(separator: " ").map { fill(String($0)) }
        status = lines.dropFirst().first { $0.hasPrefix("status: ") }.flatMap { Int32($0.dropFirst(8)) }
        self.lines = lines.dropFirst().filter {
            !$0.hasPrefix("status: ") && !$0.hasPrefix("#") && !$0.hasPrefix("validate: ")
        }
        .map(fill)
        let validate = lines.filter { $0.hasPrefix("validate: ") }.map {
            fill(String($0.dropFirst("validate: ".count)))
        }
        validateLines =
            validate.isEmpty
            ? self.lines.filter { $0.hasPrefix("Error: ") }.map { String($0.dropFirst(7)) }
            : validate
    }
}

/// Every file under `folder` as a path relative to it, sorted.
private func files(under folder: URL) -> [String] {
    let root = folder.resolvingSymlinksInPath().path
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    var paths: [String] = []
    while let url = enumerator?.nextObject() as? URL {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
        paths.append(String(url.resolvingSymlinksInPath().path.dropFirst(root.count + 1)))
    }
    return paths.sorted()
}

/// The cells of every sheet of a workbook as JSON, without the rows that record the run (`Run id`, and each
/// `Input: PATH` row with its size and checksum), read with python3's zipfile.
private func workbookCells(_ url: URL) throws -> String {
    let script = """
        import json, re, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        names = re.findall(r'<sheet name="([^"]+)"', z.read('xl/workbook.xml').decode())
        shared = z.read('xl/sharedStrings.xml').decode()
        strings = [re.sub(r'<[^>]+>', '', s) for s in re.findall(r'<si>(.*?)</si>', shared, re.S)]
        out = {}
        for index, name in enumerate(names):
            sheet = z.read('xl/worksheets/sheet%d.xml' % (index + 1)).decode()
            rows = []
            for body in re.findall(r'<row [^>]*>(.*?)</row>', sheet, re.S):
                row = []
                for attributes, inner in re.findall(r'<c r="[A-Z]+\\d+"([^>]*)>(.*?)</c>', body, re.S):
                    value = re.search(r'<v>(.*?)</v>', inner)
                    text = value.group(1) if value else ''
                    row.append(strings[int(text)] if 't="s"' in attributes and text else text)
                if not (row and (row[0].startswith('Input: ') or row[0] == 'Run id')):
                    rows.append(row)
            out[name] = rows
        json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)
        """
    return try python3(script, arguments: [url.path], failure: "cannot read \(url.path)")
}

@Suite("Bad-input corpus: each defect refused with its message and status, nothing written; harmless variants ignored")
struct BadInputCorpusTests {
    @Test("the corpus is all there: at least 45 bad cases and 8 harmless variants, each bad case with its expectation")
    func corpusIsThere() {
        #expect(badCases.count >= 45, "\(badCases.count) bad cases in \(corpus.path)/bad")
        #expect(harmlessCases.count >= 8, "\(harmlessCases.count) harmless variants in \(corpus.path)/harmless")
        for name in badCases {
            let expected = corpus.appendingPathComponent("bad/\(name)/expected")
            let text = (try? String(contentsOf: expected, encoding: .utf8)) ?? ""
            let expectation = Expectation(text, inputs: "IN", out: "OUT")
            #expect(expectation.status != nil && expectation.status != 0, "\(name): no non-zero status: line")
            #expect(!expectation.lines.isEmpty, "\(name): no expected stderr line")
        }
    }

    @Test("the clean inputs forecast, with the model file, and run the scenario (so each failure is its case's edit)")
    func cleanInputsRun() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("inputs")
        try prepareInputs(at: inputs, overlay: nil)
        let runs = [
            ["forecast", "--inputs", inputs.path, "--out", folder.appendingPathComponent("forecast").path],
            [
                "forecast", "--inputs", inputs.path, "--model", inputs.appendingPathComponent("model.yaml").path,
                "--out", folder.appendingPathComponent("model").path,
            ],
            [
                "scenario", "run", inputs.appendingPathComponent("scenario.yaml").path, "--inputs", inputs.path,
                "--out", folder.appendingPathComponent("scenario").path,
            ],
        ]
        for arguments in runs {
            let result = try placeplan(arguments)
            #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }

    @Test(arguments: badCases)
    func badInput(_ name: String) throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let caseFolder = corpus.appendingPathComponent("bad/\(name)")
        let inputs = folder.appendingPathComponent("inputs")
        let out = folder.appendingPathComponent("out")
        try prepareInputs(at: inputs, overlay: caseFolder)
        let text = try String(contentsOf: caseFolder.appendingPathComponent("expected"), encoding: .utf8)
        let expectation = Expectation(text, inputs: inputs.path, out: out.path)
        let result = try placeplan(expectation.arguments)
        #expect(result.status != 0, "\(name): exit status 0")
        #expect(result.status == expectation.status, "\(name): exit status \(result.status)")
        for line in expectation.lines {
            let stderrLines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(stderrLines.contains(line), "\(name): stderr lacks the line\n\(line)\nstderr was\n\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "\(name): \(out.path) was written")

        // `placeplan validate` with the same inputs, model and scenario files finds the same problem, listed under
        // Errors with the same words.
        var arguments = Array(expectation.arguments.drop { ["forecast", "scenario", "run"].contains($0) })
        if let out = arguments.firstIndex(of: "--out") { arguments.removeSubrange(out...out + 1) }
        let validate = try placeplan(["validate"] + arguments)
        #expect(validate.status == 1, "\(name): validate exit status \(validate.status)")
        for line in expectation.validateLines {
            let listed = "  " + line
            #expect(
                validate.stdout.split(separator: "\n").contains { $0.hasPrefix(listed) },
                "\(name): validate lacks the line\n\(listed)\nstdout was\n\(validate.stdout)")
        }
    }

    @Test(arguments: harmlessCases)
    func harmlessVariant(_ name: String) throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var outs: [URL] = []
        for (label, overlay) in [("clean", nil), ("variant", corpus.appendingPathComponent("harmless/\(name)"))] {
            let inputs = folder.appendingPathComponent("\(label)-inputs")
            let out = folder.appendingPathComponent("\(label)-out")
            try prepareInputs(at: inputs, overlay: overlay)
            let result = try placeplan(["forecast", "--inputs", inputs.path, "--out", out.path])
            try #require(result.status == 0, "\(name) (\(label)): exit status \(result.status): \(result.stderr)")
            outs.append(out)
        }
        let (clean, variant) = (outs[0], outs[1])
        let names = files(under: clean)
        try #require(names == files(under: variant), "\(name): other files written: \(files(under: variant))")
        let differing = try names.first { file in
            guard file != "run.json" else { return false }
            let (a, b) = (clean.appendingPathComponent(file), variant.appendingPathComponent(file))
            // The workbook records each input's path and checksum and the run id, as run.json does: compare its cells.
            if file.hasSuffix(".xlsx") { return try workbookCells(a) != workbookCells(b) }
            return try Data(contentsOf: a) != Data(contentsOf: b)
        }
        #expect(differing == nil, "\(name): \(differing ?? "") differs from the clean inputs' output")
    }
}
