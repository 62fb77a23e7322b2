import Foundation

/// Whether python3 is here to unzip workbooks (its `zipfile` module); tests that read a workbook back skip without.
public let canReadWorkbooks =
    FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3")

/// The XML of one part of an `.xlsx` file (a zip), e.g. `xl/workbook.xml` or `xl/worksheets/sheet1.xml`, read with
/// python3's zipfile: an independent reader, so the test does not trust the writer's own view of its output.
public func workbookPart(_ workbook: Data, _ part: String) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("wb-\(UUID().uuidString).xlsx")
    try workbook.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try python3(
        "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
        arguments: [file.path, part], failure: "no part \(part) in the workbook")
}

/// What python3 prints running `script` with `arguments`; throws `failure` when it exits with an error.
public func python3(_ script: String, arguments: [String], failure: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: failure])
    }
    return String(decoding: data, as: UTF8.self)
}

/// The cells of the sheet called `name` as text, row by row (rows and columns as Excel numbers them, blanks as ""),
/// read with python3's zipfile and shared-strings table; numbers come back as Excel stored them ("1736", "5.5").
public func workbookSheet(_ workbook: Data, _ name: String) throws -> [[String]] {
    let script = """
        import json, re, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        names = re.findall(r'<sheet name="([^"]+)"', z.read('xl/workbook.xml').decode())
        shared = z.read('xl/sharedStrings.xml').decode()
        strings = [re.sub(r'<[^>]+>', '', s) for s in re.findall(r'<si>(.*?)</si>', shared, re.S)]
        sheet = z.read('xl/worksheets/sheet%d.xml' % (names.index(sys.argv[2]) + 1)).decode()
        rows = []
        for number, body in re.findall(r'<row r="(\\d+)"[^>]*>(.*?)</row>', sheet, re.S):
            while len(rows) < int(number): rows.append([])
            row = rows[int(number) - 1]
            for ref, attributes, inner in re.findall(r'<c r="([A-Z]+)\\d+"([^>]*)>(.*?)</c>', body, re.S):
                column = 0
                for letter in ref: column = column * 26 + ord(letter) - 64
                while len(row) < column: row.append('')
                value = re.search(r'<v>(.*?)</v>', inner)
                text = value.group(1) if value else ''
                row[column - 1] = strings[int(text)] if 't="s"' in attributes and text else text
        json.dump(rows, sys.stdout)
        """
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("wb-\(UUID().uuidString).xlsx")
    try workbook.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, file.path, name]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let rows = try JSONSerialization.jsonObject(with: data) as? [[String]] else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no sheet \(name)"])
    }
    return rows
}
