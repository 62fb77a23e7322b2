import ArgumentParser
import Foundation
import PlaceIO
import PlacePipeline

/// `placeplan rerun`: runs a recorded forecast again from its `run.json` and checks it writes the same bytes.
struct RerunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun",
        abstract: "Run a recorded forecast again from its run.json and check every file comes out byte for byte.",
        discussion: """
            Checks that every input recorded in run.json still has the same SHA-256 (a changed input is named and \
            nothing is run), runs the same command with the same options and run id into --out (default: a \
            'rerun' folder beside run.json), then compares every file the run wrote. Exit status 1 if any differs.
            """
    )

    @Argument(help: "The run.json of a placeplan forecast run.") var record: String
    @Option(help: "Output folder of the rerun (default: RUN_DIR/rerun).") var out: String?

    func run() throws {
        try CommandFailure.wrapping {
            let recordURL = URL(fileURLWithPath: record)
            guard let data = FileManager.default.contents(atPath: record),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                throw CommandFailure(message: "\(record): not found, or not a run.json written by placeplan")
            }
            guard object["command"] as? String == "forecast", let arguments = object["arguments"] as? [String],
                let runID = object["run_id"] as? String, let files = object["files"] as? [String]
            else {
                throw CommandFailure(
                    message: "\(record): only a forecast run recorded with its arguments can be rerun "
                        + "(runs written before this version lack them)")
            }
            for input in object["inputs"] as? [[String: Any]] ?? [] {
                guard let path = input["path"] as? String, let recorded = input["sha256"] as? String else { continue }
                guard let now = FileManager.default.contents(atPath: path) else {
                    throw CommandFailure(
                        message: "\(path): recorded in \(record) but not found now (run from the "
                            + "folder the run was made in)")
                }
                guard RunDirectory.checksum(of: now) == recorded else {
                    throw CommandFailure(
                        message: "\(path): changed since the run (its SHA-256 differs from the one "
                            + "in \(record)), so a rerun would not reproduce it. Restore the file, or run "
                            + "forecast again"
                    )
                }
            }
            let original = recordURL.deletingLastPathComponent()
            let target = out ?? original.appendingPathComponent("rerun").path
            var replayed: [String] = []
            var skipNext = false
            for argument in arguments {
                if skipNext {
                    skipNext = false
                    continue
                }
                if argument == "--out" || argument == "--run-id" {
                    skipNext = true
                    continue
                }
                if argument.hasPrefix("--out=") || argument.hasPrefix("--run-id=") { continue }
                replayed.append(argument)
            }
            var command = try PlacePlan.parseAsRoot(replayed + ["--out", target, "--run-id", runID])
            try command.run()
            var differing: [String] = []
            for name in files {
                let before = FileManager.default.contents(atPath: original.appendingPathComponent(name).path)
                let after = FileManager.default.contents(
                    atPath: URL(fileURLWithPath: target).appendingPathComponent(name).path)
                if before == nil || before != after { differing.append(name) }
            }
            guard differing.isEmpty else {
                throw CommandFailure(
                    message: "rerun differs from \(original.path) in: \(differing.joined(separator: ", "))")
            }
            print("Rerun identical: all \(files.count) files of run \(runID) reproduced byte for byte in \(target).")
        }
    }
}
