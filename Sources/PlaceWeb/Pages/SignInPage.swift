import Foundation
import Hummingbird

/// Signing in with a token from `placeplan users add` (a session cookie, HttpOnly, SameSite=Strict) and out.
enum SignInPage {
    /// Registers GET and POST `/signin` and POST `/signout`.
    static func register(on router: Router<WebContext>, state: AppState, policy: AccessPolicy) {
        router.get("/signin") { request, context in
            let next = local(request.uri.queryParameters.get("next"))
            return Pages.html(Layout.page(title: "Sign in", visitor: context.visitor, body: form(next: next)))
        }
        router.post("/signin") { request, context in
            let body = String(buffer: try await request.body.collect(upTo: 64 * 1024))
            let token = AccessMiddleware.formField("token", in: body) ?? ""
            let next = local(AccessMiddleware.formField("next", in: body))
            guard !token.isEmpty, let user = try state.store.user(token: token.trimmingCharacters(in: .whitespaces))
            else {
                return Pages.html(
                    Layout.page(
                        title: "Sign in", visitor: context.visitor,
                        body: "<p class=\"problem\" id=\"problem\">That token is not recognised: paste the whole "
                            + "token `placeplan users add` printed (NAME:SECRET), or ask for a new one.</p>"
                            + form(next: next)),
                    status: .unauthorized)
            }
            let session = await policy.sessions.open(for: user)
            return Response(
                status: .seeOther,
                headers: [
                    .location: next,
                    .setCookie: "\(AccessPolicy.sessionCookie)=\(session); Path=/; HttpOnly; SameSite=Strict",
                ])
        }
        router.post("/signout") { request, _ in
            if let session = request.cookies[AccessPolicy.sessionCookie]?.value {
                await policy.sessions.close(session: session)
            }
            return Response(
                status: .seeOther,
                headers: [
                    .location: "/signin",
                    .setCookie: "\(AccessPolicy.sessionCookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
                ])
        }
    }

    /// `next` when it is a path on this site (starts with one "/"), otherwise "/": never a redirect elsewhere.
    static func local(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
            !next.contains(where: { $0.isNewline })
        else { return "/" }
        return next
    }

    /// The sign-in form.
    static func form(next: String) -> String {
        "<p>Sign in with the token `placeplan users add` printed for you. Planners may run and save scenarios and "
            + "upload a census; viewers read and download.</p>"
            + "<form method=\"post\" action=\"/signin\" class=\"controls\"><label>Token "
            + "<input type=\"password\" name=\"token\" id=\"token\" size=\"60\" autocomplete=\"current-password\" "
            + "required></label><input type=\"hidden\" name=\"next\" value=\"\(Pages.escape(next))\">"
            + "<button type=\"submit\">Sign in</button></form>"
    }
}
