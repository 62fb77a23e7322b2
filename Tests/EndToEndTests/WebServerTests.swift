import Foundation
import PlaceWeb
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `placeplan serve` as a whole process on a free port of this machine: the browser end-to-end script, the load
/// script, and SIGKILLs while scenarios are being saved.
@Suite("placeplan serve as a process (browser, load, SIGKILL)", .serialized)
struct WebServerTests {
    private static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// scripts/web-e2e.py in headless Chromium: the overview, a PAN cut in the editor, run, the comparison; the
    /// screenshot it saves is a real PNG.
    @Test(
        "the browser end-to-end script passes and saves a real screenshot",
        .enabled(if: chromium != nil, "Chromium is not installed: the browser end-to-end test is skipped"))
    func browser() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess(database: folder.appendingPathComponent("web.sqlite"))
        defer { server.stop() }
        let png = folder.appendingPathComponent("editor.png")
        let result = try runScript(
            "scripts/web-e2e.py", ["--url", server.url, "--screenshot", png.path, "--timeout", "90"], limit: 120)
        #expect(result.status == 0, "web-e2e.py failed:\n\(result.output)")
        let bytes = try #require(FileManager.default.contents(atPath: png.path), "no screenshot:\n\(result.output)")
        #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG file")
        #expect(bytes.count > 10_000, "a real picture, not an empty page")
    }

    /// scripts/web-load.py with the numbers of issue 16: 200 concurrent scenario runs and 2,000 page reads, no error.
    @Test("200 concurrent scenario runs and 2,000 page reads on loopback, with no error")
    func load() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess(database: folder.appendingPathComponent("web.sqlite"))
        defer { server.stop() }
        let result = try runScript(
            "scripts/web-load.py",
            ["--url", server.url, "--scenarios", "200", "--reads", "2000", "--timeout", "110"], limit: 130)
        #expect(result.status == 0, "web-load.py failed:\n\(result.output)")
        // The figures, for the benchmark notes (a failure shows them already).
        if result.status == 0 { print(result.output) }
    }

    /// Planners save scenarios from several connections at once; the server is SIGKILLed mid-stream, at a
    /// different moment each time, and restarted on the same database. Afterwards SQLite and every checksum are
    /// sound, and every save that was answered 201 is there with the same file. At least one kill must cut off
    /// saves in flight, or the test proves nothing.
    @Test("a SIGKILL while scenarios are being saved loses no saved scenario and corrupts nothing")
    func killedWhileSaving() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("web.sqlite")
        // Seconds of saving before each kill.
        let moments = [0.4, 1.1, 0.2, 2.0, 0.7, 1.5]
        var acknowledged: [SaveLog.Saved] = []
        var refusals: [String] = []
        var killsCuttingOffSaves = 0
        var cutOffs: [Int] = []
        for (round, moment) in moments.enumerated() {
            let server = try ServeProcess(database: database)
            defer { server.kill() }  // already dead unless the round failed early
            let client = try await WebClient(server.url)
            let log = SaveLog()
            let savers = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<6 {
                        group.addTask {
                            for number in 0..<10_000 {
                                let name = "killed-\(round)-\(worker)-\(number)"
                                let file = """
                                    name: \(name)
                                    description: Saved while the server may be killed (round \(round), saver \(worker))
                                    pan_changes:
                                      - { school: "132025", from: 2025, pan: \([60, 75, 90, 105][number % 4]) }

                                    """
                                guard await log.mayStart() else { return }
                                let started = Date()
                                do {
                                    let reply = try await client.post("/api/scenarios", yaml: file)
                                    await log.answered(name: name, file: file, reply: reply)
                                } catch {
                                    await log.failed(startedAt: started)
                                    return
                                }
                            }
                        }
                    }
                }
            }
            try await Task.sleep(nanoseconds: UInt64(moment * 1e9))
            await log.kill(server)
            await savers.value
            let outcome = await log.outcome()
            acknowledged += outcome.saved
            refusals += outcome.refusals
            if outcome.cutOff > 0 { killsCuttingOffSaves += 1 }
            cutOffs.append(outcome.cutOff)
        }
        print(
            "SIGKILL test: \(acknowledged.count) saves answered 201 over \(moments.count) kills; saves in flight "
                + "cut off by each kill: \(cutOffs)")
        #expect(refusals.isEmpty, "saves answered with neither 201 nor a dropped connection: \(refusals.prefix(5))")
        #expect(!acknowledged.isEmpty, "no save was answered 201: the test proved nothing")
        #expect(
            killsCuttingOffSaves > 0,
            "no kill of \(moments.count) came while saves were in flight: the test proved nothing")

        let store = try WebStore(path: database.path)
        let problems = try store.integrityProblems()
        #expect(problems.isEmpty, "the database after the kills: \(problems.prefix(5))")
        let kept = Dictionary(try store.scenarios().map { ($0.id, $0) }) { first, _ in first }
        print("SIGKILL test: \(kept.count) saved scenarios in the database after the kills")
        var lost: [String] = []
        for saved in acknowledged {
            guard let row = kept[saved.id] else {
                lost.append("\(saved.name) (id \(saved.id)) is missing")
                continue
            }
            if row.name != saved.name || row.file != saved.file {
                lost.append("id \(saved.id): saved as \(saved.name), found \(row.name) with another file")
            }
        }
        #expect(lost.isEmpty, "\(lost.count) of \(acknowledged.count) acknowledged saves lost: \(lost.prefix(5))")
        // The server starts again on the database the last kill left, and lists every acknowledged save.
        let server = try ServeProcess(database: database)
        defer { server.stop() }
        let client = try await WebClient(server.url)
        let listing = try await client.get("/api/scenarios")
        #expect(listing.status == 200)
        let names = Set(
            ((try JSONSerialization.jsonObject(with: listing.body) as? [String: Any])?["scenarios"] as? [[String: Any]]
                ?? []).compactMap { $0["name"] as? String })
        #expect(acknowledged.allSatisfy { names.contains($0.name) }, "GET /api/scenarios after the kills")
    }
}

/// What the savers of one round saw: saves in flight, the ones answered 201, other answers, and how many the kill
/// cut off (sent before it, never answered).
actor SaveLog {
    struct Saved: Sendable {
        let id: Int64
        let name: String
        let file: String
    }
    private var killedAt: Date?
    private var saved: [Saved] = []
    private var refusals: [String] = []
    private var cutOff = 0

    /// Whether a saver may send another save: not once the server is killed.
    func mayStart() -> Bool { killedAt == nil }

    func answered(name: String, file: String, reply: WebClient.Reply) {
        let text = String(decoding: reply.body, as: UTF8.self)
        guard reply.status == 201,
            let body = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any],
            let id = (body["id"] as? NSNumber)?.int64Value
        else {
            refusals.append("\(name): HTTP \(reply.status): \(text.prefix(300))")
            return
        }
        if body["file"] as? String != file {
            refusals.append("\(name): the 201 answer's file is not the file posted: \(text.prefix(300))")
        }
        saved.append(Saved(id: id, name: name, file: file))
    }

    func failed(startedAt: Date) {
        if let killedAt, startedAt < killedAt { cutOff += 1 }
    }

    func kill(_ server: ServeProcess) {
        killedAt = Date()
        server.kill()
    }

    func outcome() -> (saved: [Saved], refusals: [String], cutOff: Int) { (saved, refusals, cutOff) }
}

/// A `placeplan serve` of the default city on a free port of this machine, with its database at `database`: started
/// by `init` (which returns once it prints its "Serving" line), stopped by `stop` (SIGTERM) or `kill` (SIGKILL).
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }
    private let output = Collected()
    private let errors = Collected()

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    init(database: URL, timeout: TimeInterval = 90) throws {
        port = try freeLoopbackPort()
        process = Process()
        process.executableURL = placeplanBinary
        process.arguments = ["serve", "--port", "\(port)", "--db", database.path]
        process.currentDirectoryURL = repositoryRoot
        process.standardOutput = output.pipe
        process.standardError = errors.pipe
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while !output.text.contains("Serving http://") {
            guard process.isRunning else {
                process.waitUntilExit()
                throw Failed(
                    description: "placeplan serve exited (status \(process.terminationStatus)) before serving:\n"
                        + output.text + errors.text)
            }
            guard Date() < deadline else {
                kill()
                throw Failed(
                    description: "placeplan serve printed no 'Serving' line in \(Int(timeout)) s (is stdout "
                        + "flushed?):\n\(output.text)\(errors.text.suffix(2000))")
            }
            usleep(50_000)
        }
    }

    /// Asks the server to stop (SIGTERM), then kills it if it has not stopped within 10 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        kill()
    }

    /// SIGKILL, and waits until the process is gone.
    func kill() {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// The text a process writes to a pipe, collected as it comes (so the pipe never fills).
final class Collected: @unchecked Sendable {
    let pipe = Pipe()
    private let lock = NSLock()
    private var data = Data()

    init() {
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil
            } else {
                self?.append(chunk)
            }
        }
    }

    private func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A port of 127.0.0.1 that nothing listens on now (bound to port 0, read back, closed).
func freeLoopbackPort() throws -> Int {
    #if os(Linux)
    let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let socketFD = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard socketFD >= 0 else { throw ServeProcess.Failed(description: "socket() failed: errno \(errno)") }
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(socketFD, socketAddress, length) == 0 && getsockname(socketFD, socketAddress, &length) == 0
        }
    }
    guard bound else { throw ServeProcess.Failed(description: "no free port on 127.0.0.1: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// HTTP to a local `placeplan serve` as the visitor of this machine: the CSRF token (and any cookie) from
/// GET /api/session sent with every request; no proxy, no cookie store.
struct WebClient: Sendable {
    struct Reply: Sendable {
        let status: Int
        let body: Data
    }
    let base: String
    let session: URLSession
    let csrfToken: String
    let cookie: String?

    init(_ base: String) async throws {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
        let (data, response) = try await session.data(for: URLRequest(url: URL(string: base + "/api/session")!))
        let http = response as? HTTPURLResponse
        guard http?.statusCode == 200,
            let token = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["csrfToken"] as? String
        else {
            throw ServeProcess.Failed(
                description: "GET /api/session: HTTP \(http?.statusCode ?? 0): \(String(decoding: data, as: UTF8.self))"
            )
        }
        csrfToken = token
        cookie = (http?.value(forHTTPHeaderField: "Set-Cookie")).map { String($0.prefix { $0 != ";" }) }
    }

    func get(_ path: String) async throws -> Reply {
        try await send(URLRequest(url: URL(string: base + path)!))
    }

    func post(_ path: String, yaml: String) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = "POST"
        request.httpBody = Data(yaml.utf8)
        request.setValue("application/yaml", forHTTPHeaderField: "Content-Type")
        request.setValue(csrfToken, forHTTPHeaderField: "X-CSRF-Token")
        return try await send(request)
    }

    private func send(_ request: URLRequest) async throws -> Reply {
        var request = request
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await session.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}

/// Runs a script of the repository (its own shebang) with `arguments` from the repository root, killing it after
/// `limit` seconds: its exit status and its output (stdout then stderr).
func runScript(_ script: String, _ arguments: [String], limit: TimeInterval) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = repositoryRoot.appendingPathComponent(script)
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    let output = Collected()
    let errors = Collected()
    process.standardOutput = output.pipe
    process.standardError = errors.pipe
    try process.run()
    let deadline = Date().addingTimeInterval(limit)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    var overran = ""
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        overran = "\n\(script) was still running after \(Int(limit)) s and was stopped"
    }
    process.waitUntilExit()
    usleep(100_000)  // the last output still in the pipes
    return (process.terminationStatus, output.text + errors.text + overran)
}
