import Foundation
import Hummingbird
import TestSupport
import Testing

@testable import PlaceWeb

@Suite("Web app: the OpenAPI document")
struct OpenAPITests {
    /// The document's operations as "METHOD /path" (parameters as `{name}`, as the router writes them too).
    static func documented() throws -> Set<String> {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: Set<String> = []
        for (path, methods) in paths {
            for method in methods.keys { operations.insert("\(method.uppercased()) \(path)") }
        }
        return operations
    }

    @Test("every API route is documented and every documented operation is a route")
    func matchesRoutes() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try WebStore(path: folder.appendingPathComponent("web.sqlite").path)
        let router = WebApp.router(
            state: AppState(base: try cityBase.get(), store: store, uploadsFolder: folder, version: "test"),
            policy: AccessPolicy(requireSignIn: false))
        let routes = Set(
            router.routes.map { "\($0.method) \($0.path)" }.filter {
                $0.contains(" /api/") || $0.contains(" /downloads/")
            })
        let documented = try Self.documented()
        #expect(routes.count >= 14)
        #expect(routes.subtracting(documented).isEmpty, "routes without documentation")
        #expect(documented.subtracting(routes).isEmpty, "documented operations without a route")
    }

    @Test("every schema reference resolves, and a served summary has the documented required properties")
    func schemas() async throws {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any])
        let components = try #require(document["components"] as? [String: [String: Any]])
        let schemas = try #require(components["schemas"])
        for kind in ["schemas", "responses"] {
            let references = OpenAPI.document.components(separatedBy: "\"$ref\": \"#/components/\(kind)/").dropFirst()
                .map { String($0.prefix { $0 != "\"" }) }
            #expect(!references.isEmpty, "\(kind)")
            for name in references { #expect(components[kind]?[name] != nil, "\(kind)/\(name)") }
        }
        let required = try #require(
            ((schemas["Summary"] as? [String: Any])?["required"] as? [String]))
        try await withCityClient { client, _ in
            try await client.execute(uri: "/api/summary", method: .get) { response in
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                #expect(Set(body.keys) == Set(required))
            }
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                #expect(String(buffer: response.body) == OpenAPI.document)
            }
        }
    }
}
