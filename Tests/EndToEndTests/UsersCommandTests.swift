import Foundation
import TestSupport
import Testing

@Suite("placeplan users, and serve's refusals")
struct UsersCommandTests {
    @Test("users add prints a token once; duplicates, bad roles and unknown users get a word and exit 1")
    func users() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("web.sqlite").path
        let added = try placeplan(["users", "add", "alice", "--role", "planner", "--db", db])
        #expect(added.status == 0)
        let token = try #require(added.stdout.split(separator: "\n").first { $0.hasPrefix("alice:") })
        #expect(token.count == "alice:".count + 64)
        #expect(!(try Data(contentsOf: URL(fileURLWithPath: db))).contains(Data(token.utf8)))
        let again = try placeplan(["users", "add", "alice", "--role", "viewer", "--db", db])
        #expect(again.status != 0 && again.stderr.contains("A user named 'alice' exists"))
        let role = try placeplan(["users", "add", "bob", "--role", "admin", "--db", db])
        #expect(role.status != 0 && role.stderr.contains("--role must be planner or viewer (got 'admin')"))
        let listed = try placeplan(["users", "list", "--db", db])
        #expect(listed.stdout.hasPrefix("alice\tplanner\t"))
        let unknown = try placeplan(["users", "remove", "bob", "--db", db])
        #expect(unknown.status != 0 && unknown.stderr.contains("No user 'bob'"))
        #expect(try placeplan(["users", "remove", "alice", "--db", db]).status == 0)
        #expect(try placeplan(["users", "list", "--db", db]).stdout.contains("No users"))
    }

    @Test("serve beyond this machine, or --require-sign-in, without users: refused before anything is forecast")
    func serveWithoutUsers() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("web.sqlite").path
        let host = try placeplan(["serve", "--host", "0.0.0.0", "--port", "18099", "--db", db])
        #expect(host.status != 0)
        #expect(host.stderr.contains("placeplan users add NAME --role planner"))
        let signIn = try placeplan(["serve", "--require-sign-in", "--port", "18099", "--db", db])
        #expect(signIn.status != 0 && signIn.stderr.contains("--require-sign-in"))
        let port = try placeplan(["serve", "--port", "70000", "--db", db])
        #expect(port.status != 0 && port.stderr.contains("--port must be 1 to 65535 (got 70000)"))
    }
}
