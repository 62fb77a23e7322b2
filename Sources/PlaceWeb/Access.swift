import Crypto
import Foundation
import Hummingbird

/// What a signed-in user may do. A viewer (finance, property) reads and downloads; a planner also runs and saves
/// scenarios and uploads a census.
public enum Role: String, Codable, Sendable, CaseIterable {
    case planner
    case viewer

    /// True when the role may change anything (run or save a scenario, upload inputs).
    public var mayEdit: Bool { self == .planner }
}

/// Who is making a request: a signed-in user, or the person at this machine when the app serves this machine
/// only and nobody signed in (`local`, a planner).
public struct Visitor: Sendable, Equatable {
    public let name: String
    public let role: Role
    /// The token every form and every state-changing request without a bearer token must carry (form field
    /// `csrf` or header `X-CSRF-Token`): a keyed hash of the visitor's session, unknown to other sites.
    public let csrfToken: String
    /// True for the person at this machine on a loopback-only app (nobody signed in).
    public let isLocal: Bool
}

/// The request context of every route: Hummingbird's core context plus the visitor the access middleware found.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AccessMiddleware` before any route runs; nil only on the sign-in routes for a visitor not yet known.
    public var visitor: Visitor?

    public init(source: Source) {
        coreContext = .init(source: source)
        visitor = nil
    }

    /// The visitor, or 401 when there is none (a route that needs to know who asks).
    public func requireVisitor() throws -> Visitor {
        guard let visitor else {
            throw HTTPError(.unauthorized, message: "Sign in first: /signin (or send Authorization: Bearer TOKEN)")
        }
        return visitor
    }

    /// The visitor when they may edit; 403 for a viewer.
    public func requirePlanner() throws -> Visitor {
        let visitor = try requireVisitor()
        guard visitor.role.mayEdit else {
            throw HTTPError(
                .forbidden,
                message: "\(visitor.name) is a viewer: viewers read and download; ask for a planner's token to change "
                    + "anything")
        }
        return visitor
    }
}

/// Who may do what, in one place: the rules every request passes before any route runs.
///
/// - A request carries a credential: `Authorization: Bearer NAME:SECRET` (a token from `placeplan users add`), or
///   the session cookie `/signin` sets. An unknown token gets 401, never a fallback to anonymous.
/// - Without a credential, an app that serves this machine only treats the request as the person at this machine
///   (`local`, a planner). An app that listens beyond this machine (`requireSignIn`) answers 401 to an API call
///   and sends a page to `/signin`.
/// - A viewer may only read (GET, HEAD) and sign in or out: anything else gets 403.
/// - A request that changes anything (not GET or HEAD), without a bearer token, must carry the visitor's CSRF token
///   in the header `X-CSRF-Token` or the form field `csrf`: a page of another site can make the browser send the
///   cookie, but cannot read the token. The sign-in form is the one exception (there is no session yet).
public struct AccessPolicy: Sendable {
    /// True when every request needs a credential.
    public let requireSignIn: Bool
    /// The key of the CSRF tokens, new at every start (a restart signs everybody out).
    let key: Data
    let sessions: SessionTable

    /// The largest request body any route reads (bytes), a census upload included; a larger body gets 413.
    public static let maximumBodyBytes = 16 * 1024 * 1024
    /// The session cookie's name.
    public static let sessionCookie = "placeplan_session"
    /// The paths a visitor who has not signed in may reach.
    static let openPaths: Set<String> = ["/signin", "/api/openapi.json"]

    public init(requireSignIn: Bool) {
        self.requireSignIn = requireSignIn
        key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        sessions = SessionTable()
    }

    /// The CSRF token of a session (or of `local`).
    func csrfToken(for session: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(session.utf8), using: SymmetricKey(data: key)).map {
            String(format: "%02x", $0)
        }
        .joined()
    }
}

/// The signed-in sessions, by random id (in memory: a restart signs everybody out). A session lasts
/// `lifetime` seconds from sign-in.
actor SessionTable {
    private var sessions: [String: (name: String, opened: Date)] = [:]
    /// Twelve hours: a working day, then sign in again.
    static let lifetime: TimeInterval = 12 * 3600

    /// Opens a session for `user` and returns its id (the cookie's value).
    func open(for user: WebStore.User, at date: Date = Date()) -> String {
        let id = WebStore.randomHex(bytes: 32)
        sessions[id] = (user.name, date)
        return id
    }

    /// The name of the user signed in with `session`, or nil when there is none or it has expired.
    func name(session: String, at date: Date = Date()) -> String? {
        guard let entry = sessions[session] else { return nil }
        guard date.timeIntervalSince(entry.opened) < Self.lifetime else {
            sessions[session] = nil
            return nil
        }
        return entry.name
    }

    func close(session: String) { sessions[session] = nil }
}

/// Applies `AccessPolicy` to every request (see its rules).
struct AccessMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let policy: AccessPolicy
    let store: WebStore

    func handle(
        _ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        let path = request.uri.path
        var bearer = false
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "),
                let user = try store.user(token: String(authorization.dropFirst("Bearer ".count)))
            else {
                throw HTTPError(
                    .unauthorized,
                    message: "The token is not recognised: send Authorization: Bearer NAME:SECRET as "
                        + "`placeplan users add` printed it")
            }
            bearer = true
            context.visitor = Visitor(
                name: user.name, role: user.role, csrfToken: policy.csrfToken(for: "bearer " + user.name),
                isLocal: false)
        } else if let session = request.cookies[AccessPolicy.sessionCookie]?.value,
            let name = await policy.sessions.name(session: session),
            // Read afresh, so a removed user's session ends at once and a changed role applies.
            let user = try store.user(name: name)
        {
            context.visitor = Visitor(
                name: user.name, role: user.role, csrfToken: policy.csrfToken(for: session), isLocal: false)
        } else if !policy.requireSignIn {
            context.visitor = Visitor(
                name: "local", role: .planner, csrfToken: policy.csrfToken(for: "local"), isLocal: true)
        }
        let changes = request.method != .get && request.method != .head
        if context.visitor == nil && !AccessPolicy.openPaths.contains(path) {
            if !changes && !path.hasPrefix("/api/") && !path.hasPrefix("/downloads/") {
                return Response(
                    status: .seeOther,
                    headers: [
                        .location: "/signin?next="
                            + (path.addingPercentEncoding(
                                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_."))) ?? "/")
                    ])
            }
            throw HTTPError(.unauthorized, message: "Sign in first: /signin (or send Authorization: Bearer TOKEN)")
        }
        guard changes, path != "/signin" else { return try await next(request, context) }
        let visitor = try context.requireVisitor()
        if path != "/signout" { _ = try context.requirePlanner() }
        if !bearer {
            var sent = request.headers[.init("X-CSRF-Token")!]
            if sent == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                let body = try await request.collectBody(upTo: AccessPolicy.maximumBodyBytes)
                sent = Self.formField("csrf", in: String(buffer: body))
            }
            guard let sent, WebStore.constantTimeEqual(sent, visitor.csrfToken) else {
                throw HTTPError(
                    .forbidden,
                    message: "This request changes something but carries no valid CSRF token: reload the page and "
                        + "try again (API clients: send the token of GET /api/session as X-CSRF-Token, or use a "
                        + "bearer token)")
            }
        }
        return try await next(request, context)
    }

    /// The value of `name` in a URL-encoded form body, or nil.
    static func formField(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == name {
                return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
        }
        return nil
    }
}
