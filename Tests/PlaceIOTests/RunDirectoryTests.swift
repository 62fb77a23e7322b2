import Foundation
import TestSupport
import Testing

@testable import PlaceIO

private func contents(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

@Suite("Run directory: atomic writes that never lose earlier runs")
struct RunDirectoryTests {
    @Test("a second run archives the first one's files")
    func archivesPreviousRun() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = RunDirectory(url: root.appendingPathComponent("out"), displayPath: "out")
        try out.commit(files: [("forecast.csv", "first\n")], record: ["command": "forecast"])
        try out.commit(files: [("forecast.csv", "second\n")], record: ["command": "forecast"])
        #expect(contents(out.url.appendingPathComponent("forecast.csv")) == "second\n")
        let archived = try FileManager.default.contentsOfDirectory(
            atPath: out.url.appendingPathComponent("archive").path)
        #expect(archived.count == 1)
        let first = out.url.appendingPathComponent("archive").appendingPathComponent(archived[0])
        #expect(contents(first.appendingPathComponent("forecast.csv")) == "first\n")
        #expect(contents(first.appendingPathComponent("run.json"))?.contains("forecast.csv") == true)
        // No staging folder is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: out.url.path)
        #expect(Set(names) == ["archive", "forecast.csv", "run.json"])
    }

    @Test("a non-finite number never reaches a file: located, and nothing is written (earlier run kept)")
    func refusesNonFinite() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = RunDirectory(url: root.appendingPathComponent("out"), displayPath: "out")
        try out.commit(files: [("forecast.csv", "a,b\n1,2\n")], record: [:])
        var writer = CSVWriter(header: ["area", "pupils"])
        writer.append(["P01", CSVWriter.number(.nan)])
        do {
            try out.commit(files: [("forecast.csv", writer.text)], record: [:])
            Issue.record("a NaN was written")
        } catch {
            #expect(error.file == "out/forecast.csv" && error.line == 2 && error.columnNumber == 2, "\(error)")
            #expect(error.problem.hasPrefix("a number that is not finite"))
        }
        #expect(contents(out.url.appendingPathComponent("forecast.csv")) == "a,b\n1,2\n")
        // A word that merely contains "inf" is not a number: "Infant" is fine.
        #expect(RunDirectory.nonFiniteField(in: Data("name\nTownhill Infant,inflow\n".utf8)) == nil)
        #expect(RunDirectory.nonFiniteField(in: Data("x,y\n1,-inf\n".utf8))! == (2, 2))
    }

    @Test("the byte check of non-finite fields finds what Foundation's text matching finds")
    func nonFiniteFastPath() {
        let files = [
            "a,b\n1,2\n", "a,b\n1, NaN \n", "a,b\n1,\tinf\n", "a\nnan\n", "a,b\nnan,NaN\n", "a,b\nnan,inflow\n",
            "a,b\n+inf,1\n", "a,b\r\n1,inf\r\n", "a,b\r\n1,inf\n", "name\nCafé,inf\n", "x\n\n\ninf", "",
            "a,b\n1,2\n3,-inf", "a,b\n1,NaNa\n", "a,b\ninfinity,NaN\n",
            // Non-ASCII lines: a no-break space around the word (Foundation trims it), a name with an accent.
            "a,b\nCafé,1\nx,\u{00A0}inf\n", "a,b\nÜnïon Winford,inflow\nx,NaN\n", "a,b,c\n£1,≥,\u{2003}NaN\u{2003}\n",
        ]
        for text in files {
            let fast = RunDirectory.nonFiniteField(in: Data(text.utf8))
            let slow = RunDirectory.nonFiniteFieldByFoundation(in: Data(text.utf8))
            #expect(fast?.line == slow?.line && fast?.column == slow?.column, "\(text.debugDescription)")
        }
    }

    @Test("input checksums are SHA-256 (FIPS 180-2 test vector for \"abc\")")
    func sha256() {
        #expect(
            RunDirectory.checksum(of: Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            RunDirectory.checksum(of: Data())
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("a file placeplan did not write is never overwritten, and nothing is written")
    func refusesForeignFile() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try "my own notes\n".write(to: root.appendingPathComponent("forecast.csv"), atomically: true, encoding: .utf8)
        let out = RunDirectory(url: root, displayPath: "mine")
        #expect(throws: InputError.self) {
            try out.commit(files: [("forecast.csv", "new\n"), ("ratios.csv", "r\n")], record: [:])
        }
        #expect(contents(root.appendingPathComponent("forecast.csv")) == "my own notes\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["forecast.csv"])
    }
}
