import Foundation
import TestSupport
import Testing

@Suite("A run killed while it writes (SIGKILL)", .serialized)
struct KilledRunTests {
    /// A forecast killed at 20 moments from start to finish, over an earlier run: every file under its final name is
    /// whole (the earlier run's bytes or the new run's), and every file of the earlier run survives whole, in place or
    /// under archive/<its run id>/.
    @Test("earlier outputs survive whole and no partial file appears under a final name")
    func killedWhileWriting() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pristine = folder.appendingPathComponent("earlier")
        #expect(try placeplan(["forecast", "--out", pristine.path, "--run-id", "EARLIER"]).status == 0)
        let reference = folder.appendingPathComponent("reference")
        #expect(try placeplan(["forecast", "--out", reference.path, "--run-id", "KILLED"]).status == 0)
        let record = try JSONSerialization.jsonObject(
            with: Data(contentsOf: pristine.appendingPathComponent("run.json")))
        let names = try #require((record as? [String: Any])?["files"] as? [String])
        func bytes(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }
        let earlier = Dictionary(uniqueKeysWithValues: names.map { ($0, bytes(pristine.appendingPathComponent($0))!) })
        let new = Dictionary(uniqueKeysWithValues: names.map { ($0, bytes(reference.appendingPathComponent($0))!) })
        var killedBeforeTheEnd = 0
        for step in 0..<20 {
            let out = folder.appendingPathComponent("out")
            try? FileManager.default.removeItem(at: out)
            try FileManager.default.copyItem(at: pristine, to: out)
            let process = Process()
            process.executableURL = placeplanBinary
            process.arguments = ["forecast", "--out", out.path, "--run-id", "KILLED"]
            process.currentDirectoryURL = repositoryRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(step * 25_000))
            if process.isRunning {
                killedBeforeTheEnd += 1
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let archive = out.appendingPathComponent("archive").appendingPathComponent("EARLIER")
            for name in names {
                let final = bytes(out.appendingPathComponent(name))
                #expect(
                    final == nil || final == earlier[name] || final == new[name], "step \(step): \(name) is partial")
                let kept = bytes(archive.appendingPathComponent(name))
                #expect(
                    final == earlier[name] || kept == earlier[name],
                    "step \(step): the earlier \(name) is lost")
            }
        }
        #expect(killedBeforeTheEnd > 0, "no run was killed before it finished: the test proved nothing")
    }
}
