import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import PlaceWeb

@Suite("Web app: who may do what (tokens, roles, CSRF, limits)")
struct AccessTests {
    @Test("beyond this machine: no credential is 401 for the API and a redirect to /signin for a page")
    func missingToken() async throws {
        try await withCityClient(requireSignIn: true) { client, _ in
            try await client.execute(uri: "/api/summary", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("Sign in first"))
            }
            try await client.execute(uri: "/areas/P06", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin?next=/areas/P06")
            }
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, body: ByteBuffer(string: valentineCut)
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                #expect(response.status == .ok, "the API's description is public")
            }
        }
    }

    @Test("a wrong or malformed token is 401, never read as nobody")
    func wrongToken() async throws {
        try await withCityClient { client, fixture in
            let forged = String(fixture.planner.dropLast()) + (fixture.planner.hasSuffix("0") ? "1" : "0")
            for token in [forged, "pat", "nobody:abc", ""] {
                try await client.execute(uri: "/api/summary", method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .unauthorized, "\(token)")
                }
            }
            try await client.execute(
                uri: "/api/summary", method: .get, headers: [.authorization: "Basic cGF0OnB3"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("a session ends when its user is removed, and 12 hours after sign-in")
    func sessionsEnd() async throws {
        try await withCityClient(requireSignIn: true) { client, fixture in
            let vic = try #require(try fixture.store.user(name: "vic"))
            let session = await fixture.policy.sessions.open(for: vic)
            let cookie: HTTPFields = [.cookie: "\(AccessPolicy.sessionCookie)=\(session)"]
            try await client.execute(uri: "/api/session", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let name = try decoded(ApiRoutes.SessionBody.self, response).name
                #expect(name == "vic")
            }
            #expect(try fixture.store.removeUser(name: "vic"))
            try await client.execute(uri: "/api/session", method: .get, headers: cookie) { response in
                #expect(response.status == .unauthorized, "removed: the session is over at once")
            }
        }
        let table = SessionTable()
        let start = Date(timeIntervalSince1970: 1_000_000)
        let id = await table.open(for: WebStore.User(name: "pat", role: .planner, createdAt: ""), at: start)
        #expect(await table.name(session: id, at: start.addingTimeInterval(11 * 3600)) == "pat")
        #expect(await table.name(session: id, at: start.addingTimeInterval(12 * 3600)) == nil)
        #expect(await table.name(session: id, at: start) == nil, "an expired session is forgotten")
    }

    @Test("a viewer reads and downloads but may not run, save, suggest or upload (403)")
    func viewerForbidden() async throws {
        try await withCityClient(requireSignIn: true) { client, fixture in
            let viewer = bearer(fixture.viewer)
            try await client.execute(uri: "/api/session", method: .get, headers: viewer) { response in
                let session = try decoded(ApiRoutes.SessionBody.self, response)
                #expect(session.name == "vic" && session.role == "viewer" && !session.mayEdit && session.signedIn)
            }
            for uri in ["/api/surplus", "/downloads/forecast.csv", "/api/runs", "/api/scenarios"] {
                try await client.execute(uri: uri, method: .get, headers: viewer) { response in
                    #expect(response.status == .ok, "\(uri)")
                }
            }
            for uri in ["/api/scenarios/run", "/api/scenarios", "/api/inputs/pupils.csv"] {
                try await client.execute(
                    uri: uri, method: .post, headers: viewer, body: ByteBuffer(string: valentineCut)
                ) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                    #expect(String(buffer: response.body).contains("vic is a viewer"))
                }
            }
            try await client.execute(uri: "/api/scenarios/suggest", method: .get, headers: viewer) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try fixture.store.scenarios().isEmpty)
            #expect(try fixture.store.runs().count == 1, "nothing recorded for the refused requests")
            try await client.execute(
                uri: "/api/scenarios", method: .post, headers: bearer(fixture.planner),
                body: ByteBuffer(string: valentineCut)
            ) { response in
                #expect(response.status == .created, "the planner may")
            }
        }
    }

    @Test("CSRF: a change without the token is 403 (missing, wrong or another session's); with it, it runs")
    func csrf() async throws {
        try await withCityClient { client, _ in
            let token = try await csrfToken(client)
            // The token with its first digit changed (never the token itself, whatever digit it starts with).
            let wrong = (token.hasPrefix("0") ? "1" : "0") + token.dropFirst()
            for headers: HTTPFields in [
                [:], [.init("X-CSRF-Token")!: wrong],
                [.contentType: "application/x-www-form-urlencoded"],
            ] {
                try await client.execute(
                    uri: "/api/scenarios/run", method: .post, headers: headers, body: ByteBuffer(string: valentineCut)
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains("CSRF"))
                }
            }
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: [.init("X-CSRF-Token")!: token],
                body: ByteBuffer(string: valentineCut)
            ) { response in
                #expect(response.status == .ok)
            }
        }
        // A token is bound to its key: another app's (another start's) token is refused.
        let other = AccessPolicy(requireSignIn: false).csrfToken(for: "local")
        try await withCityClient { client, _ in
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: [.init("X-CSRF-Token")!: other],
                body: ByteBuffer(string: valentineCut)
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("a census body over 16 MB is refused with 413 and nothing is kept")
    func oversized() async throws {
        try await withCityClient { client, fixture in
            try await client.execute(
                uri: "/api/inputs/pupils.csv", method: .post, headers: bearer(fixture.planner),
                body: ByteBuffer(repeating: UInt8(ascii: "x"), count: AccessPolicy.maximumBodyBytes + 1)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
            #expect(try fixture.store.inputSetCount() == 0)
        }
    }

    @Test("tokens are kept as salted hashes: the database holds neither the secret nor its plain hash")
    func tokensHashed() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("web.sqlite").path
        let store = try WebStore(path: path)
        let token = try store.addUser(name: "pat", role: .planner)
        let second = try store.addUser(name: "sam", role: .planner)
        let secret = String(token.split(separator: ":").last!)
        #expect(secret.count == 64, "256 random bits")
        #expect(try store.user(token: token)?.role == .planner)
        #expect(try store.user(token: "sam:" + secret) == nil, "a secret belongs to its user only")
        #expect(token != second)
        let bytes =
            try Data(contentsOf: URL(fileURLWithPath: path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(secret.utf8)) == nil)
        #expect(bytes.range(of: Data(WebStore.hash(secret: secret, salt: "").utf8)) == nil, "salted")
        #expect(throws: StoreError.userExists("pat")) { try store.addUser(name: "pat", role: .viewer) }
        #expect(throws: StoreError.invalidUserName("a b")) { try store.addUser(name: "a b", role: .viewer) }
        #expect(try store.removeUser(name: "pat"))
        #expect(try !store.removeUser(name: "pat"), "already removed")
        #expect(try store.user(token: token) == nil, "a removed user's token stops working")
    }

    @Test("beyond this machine the app starts only when someone can sign in")
    func hostNeedsUsers() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try WebStore(path: folder.appendingPathComponent("web.sqlite").path)
        let state = AppState(base: try cityBase.get(), store: store, uploadsFolder: folder, version: "test")
        #expect(throws: WebApp.HostRefused.self) {
            _ = try WebApp.application(settings: WebApp.Settings(host: "0.0.0.0", port: 8080), state: state)
        }
        _ = try store.addUser(name: "pat", role: .planner)
        _ = try WebApp.application(settings: WebApp.Settings(host: "0.0.0.0", port: 8080), state: state)
    }
}

@Suite("Web app: the scenario queue")
struct ScenarioQueueTests {
    @Test("at most `workers` run at once, the rest wait in turn, and beyond capacity the answer is 503")
    func bounded() async throws {
        let queue = ScenarioQueue(workers: 2, capacity: 3)
        let gauge = Gauge()
        // Every piece of work holds its worker until all 8 requests have been answered or queued, so the count does
        // not depend on how fast the test's tasks are scheduled.
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    do {
                        _ = try await queue.run {
                            gauge.enter()
                            gauge.waitForGate()
                            gauge.leave()
                            return index
                        }
                        return true
                    } catch {
                        gauge.refuse(error)
                        return false
                    }
                }
            }
            group.addTask {
                // Open the gate once 3 refusals are in (2 running + 3 waiting + 3 refused), or after 10 s.
                for _ in 0..<1000 where gauge.refusals < 3 { try? await Task.sleep(for: .milliseconds(10)) }
                gauge.openGate()
                return true
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count - 1 == 5, "2 running + 3 waiting")
        #expect(gauge.refusals == 3 && gauge.refusedWith503)
        #expect(gauge.peak == 2)
        // Once the queue drained, it takes work again.
        #expect(try await queue.run { 7 } == 7)
    }
}

/// Counts work running at once (on Dispatch threads), holds it until the gate opens, and counts refusals.
final class Gauge: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private var open = false
    private var peakValue = 0
    private var refused: [any Error] = []
    var peak: Int { lock.withLock { peakValue } }
    var refusals: Int { lock.withLock { refused.count } }
    var refusedWith503: Bool {
        lock.withLock { refused.allSatisfy { ($0 as? HTTPError)?.status == .serviceUnavailable } }
    }
    func enter() {
        lock.withLock {
            now += 1
            peakValue = max(peakValue, now)
        }
    }
    func leave() { lock.withLock { now -= 1 } }
    func refuse(_ error: any Error) { lock.withLock { refused.append(error) } }
    func openGate() { lock.withLock { open = true } }
    /// Waits (up to 20 s) until the gate opens.
    func waitForGate() {
        for _ in 0..<2000 where !lock.withLock({ open }) { usleep(10_000) }
    }
}
