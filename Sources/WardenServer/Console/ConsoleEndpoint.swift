import Foundation
import HTTPTypes
import Hummingbird
import WardenCore
import WardenRuntime

/// The governance console at `/console`: server-rendered pages over the same ``GovernanceService`` calls as the admin
/// API. It signs a person in with an API key (kept server-side, see ``ConsoleSessions``), checks a CSRF token on every
/// form, and renders whatever the service answers or refuses; it decides nothing itself.
struct ConsoleEndpoint: Sendable {
    let engine: WardenEngine
    var service: GovernanceService { engine.service }
    let authenticator: CallerAuthenticator
    /// Checks what a form builds against the admin API's request schema, as a JSON body would be.
    let body: JSONBody
    let sessions: ConsoleSessions
    let templates: ConsoleTemplates
    /// Whether cookies are marked `Secure` (the server speaks TLS).
    let secureCookies: Bool
    /// A failed sign-in answers no sooner than this after it arrived, whatever failed, so that timing does not tell
    /// an unknown key from a wrong one.
    var failedSignInDuration: Duration = .milliseconds(300)

    static let sessionCookie = "warden_console"
    /// The sign-in form's CSRF token, before there is a session (double submit: cookie and form field must match).
    static let signInCookie = "warden_console_signin"

    typealias Handler = @Sendable (Request, WardenRequestContext) async throws -> Response

    /// Who is signed in, for one request.
    struct Signed: Sendable {
        var ctx: CallContext
        var csrf: String
        var sessionID: String
    }

    func register(on router: Router<WardenRequestContext>) {
        router.get("/console") { request, _ in
            let signedIn = sessions.session(ConsoleResponse.cookieValue(Self.sessionCookie, in: request.headers)) != nil
            return ConsoleResponse.redirect(signedIn ? "/console/tools" : "/console/sign-in")
        }
        router.get("/console/sign-in") { request, _ in signInPage(request) }
        router.post("/console/sign-in") { request, context in try await signIn(request, context) }
        router.post("/console/sign-out") { request, context in
            try await form(request, context) { _, signed in
                sessions.close(signed.sessionID)
                var r = ConsoleResponse.redirect("/console/sign-in")
                r.headers[.setCookie] = ConsoleResponse.cookie(Self.sessionCookie, "", maxAge: 0, secure: secureCookies)
                return r
            }
        }
        router.get("/console/static/:file") { _, context in
            guard let name = context.parameters.get("file"), let file = templates.staticFiles[name] else {
                return errorPage(WardenError.notFound("no such file"), signed: nil)
            }
            return ConsoleResponse.file(file)
        }
        router.get("/console/tools", use: page { r, c, s in try await catalogPage(r, c, s) })
        router.get("/console/tools/:name", use: page { r, c, s in try await toolPage(r, c, s) })
        for (prefix, subject) in [("/console/tools", ConsoleSubject.tool), ("/console/agents", .agent)] {
            let version = "\(prefix)/:name/versions/:version"
            router.get(RouterPath(version), use: page { r, c, s in
                try await versionPage(s, subject: subject, name: try param(c, "name"), version: try versionParam(c),
                                      done: r.uri.queryParameters.get("done").map { String($0) })
            })
            router.post(RouterPath("\(version)/reviews")) { r, c in try await form(r, c) { f, s in try await fileReview(subject, f, c, s) } }
            router.post(RouterPath("\(version)/votes")) { r, c in try await form(r, c) { f, s in try await vote(subject, f, c, s) } }
            router.post(RouterPath("\(version)/decision")) { r, c in try await form(r, c) { f, s in try await decide(subject, f, c, s) } }
        }
        router.get("/console/proposals", use: page { r, c, s in try await proposalsPage(r, c, s) })
        router.get("/console/agents", use: page { r, c, s in try await agentsPage(r, c, s) })
        router.get("/console/audit", use: page { r, c, s in try await auditPage(r, c, s) })
        router.get("/console/audit/verify", use: page { r, c, s in try await verifyPage(r, c, s) })
        router.get("/console/reviews", use: page { r, c, s in try await reviewsDuePage(r, c, s) })
    }

    // MARK: sign-in

    func signInPage(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = ConsoleSessions.randomToken()
        var view = layout(title: "Sign in", signed: nil, nav: "")
        view["csrf"] = token
        if let error { view["error"] = error }
        var response = ConsoleResponse.html(templates.render("sign-in", view), status: status)
        response.headers[.setCookie] = ConsoleResponse.cookie(Self.signInCookie, token, maxAge: 900, secure: secureCookies)
        return response
    }

    func signIn(_ request: Request, _ context: WardenRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let client = context.remoteAddress?.ipAddress ?? "local"
        let form: ConsoleForm
        do {
            form = try await ConsoleForm.read(request)
        } catch let e as WardenError {
            return signInPage(request, error: e.message, status: RequestEnvelopeMiddleware.status(for: e.code))
        }
        guard let expected = ConsoleResponse.cookieValue(Self.signInCookie, in: request.headers),
            Digest.constantTimeEquals(form["csrf"] ?? "", expected)
        else {
            return csrfRefusal(signed: nil)
        }
        guard sessions.mayAttemptSignIn(client: client) else {
            return signInPage(request, error: "Too many failed sign-ins from here; wait a few minutes and try again.",
                              status: .tooManyRequests)
        }
        do {
            let key = form["key"] ?? ""
            _ = try await authenticator.authenticate(token: key, context: context)
            let opened = sessions.open(key: key)
            var response = ConsoleResponse.redirect("/console/tools")
            response.headers[values: .setCookie] = [
                ConsoleResponse.cookie(Self.sessionCookie, opened.id, maxAge: Int(sessions.lifetime), secure: secureCookies),
                ConsoleResponse.cookie(Self.signInCookie, "", maxAge: 0, secure: secureCookies),
            ]
            return response
        } catch {
            sessions.recordFailedSignIn(client: client)
            try? await Task.sleep(until: started + failedSignInDuration, clock: .continuous)
            // The same words whether the key is unknown, revoked, expired or malformed.
            return signInPage(request, error: "Sign-in failed: that API key is not accepted.", status: .unauthorized)
        }
    }

    // MARK: handler wrappers

    /// A signed-in page: without a live session, to the sign-in form; any error becomes an error page.
    func page(_ body: @escaping @Sendable (Request, WardenRequestContext, Signed) async throws -> Response) -> Handler {
        { request, context in
            guard let signed = try await signedIn(request, context) else { return ConsoleResponse.redirect("/console/sign-in") }
            do {
                return try await body(request, context, signed)
            } catch {
                return errorPage(RequestEnvelopeMiddleware.wardenError(error), signed: signed)
            }
        }
    }

    /// A form post: signed in, a well-formed form, and the session's CSRF token, else refused before anything runs.
    func form(_ request: Request, _ context: WardenRequestContext,
              _ body: @Sendable (ConsoleForm, Signed) async throws -> Response) async throws -> Response {
        guard let signed = try await signedIn(request, context) else { return ConsoleResponse.redirect("/console/sign-in") }
        do {
            let form = try await ConsoleForm.read(request)
            guard Digest.constantTimeEquals(form["csrf"] ?? "", signed.csrf) else { return csrfRefusal(signed: signed) }
            return try await body(form, signed)
        } catch {
            return errorPage(RequestEnvelopeMiddleware.wardenError(error), signed: signed)
        }
    }

    /// The session's principal, authenticated again with the session's key; nil (and the session closed) when there is
    /// no session or the key no longer authenticates.
    func signedIn(_ request: Request, _ context: WardenRequestContext) async throws -> Signed? {
        let id = ConsoleResponse.cookieValue(Self.sessionCookie, in: request.headers)
        guard let id, let session = sessions.session(id) else { return nil }
        do {
            let principal = try await authenticator.authenticate(token: session.key, context: context)
            return Signed(ctx: CallContext(principal: principal, requestID: context.requestID), csrf: session.csrf, sessionID: id)
        } catch {
            sessions.close(id)
            return nil
        }
    }

    /// The refusal of a form without the session's CSRF token: nothing ran.
    func csrfRefusal(signed: Signed?) -> Response {
        var view = layout(title: "Refused", signed: signed, nav: "")
        view["code"] = "csrf_invalid"
        view["message"] = "This form is missing its security token or carries a stale one. Go back, reload the page and try again."
        return ConsoleResponse.html(templates.render("error", view), status: .forbidden)
    }

    func errorPage(_ error: WardenError, signed: Signed?) -> Response {
        var view = layout(title: "Error", signed: signed, nav: "")
        view["code"] = error.code.rawValue
        view["message"] = error.message
        return ConsoleResponse.html(templates.render("error", view), status: RequestEnvelopeMiddleware.status(for: error.code))
    }

    // MARK: helpers

    /// What every page's frame shows: the title, the navigation, and who is signed in with the sign-out form.
    func layout(title: String, signed: Signed?, nav: String) -> [String: Any] {
        var view: [String: Any] = ["title": title, "nav_\(nav)": true]
        if let signed {
            view["signedIn"] = ["id": signed.ctx.principal.id, "roles": signed.ctx.principal.roles.map(\.rawValue).sorted().joined(separator: ", ")]
            view["csrf"] = signed.csrf
        }
        return view
    }

    func render(_ template: String, _ view: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        ConsoleResponse.html(templates.render(template, view), status: status)
    }

    func param(_ context: WardenRequestContext, _ name: String) throws -> String { try context.pathParameter(name) }

    func versionParam(_ context: WardenRequestContext) throws -> SemanticVersion { try context.versionParameter() }

    /// Whether the signed-in principal's roles grant `permission` under the service's policy (to leave out a section
    /// the service would refuse; the service still checks).
    func may(_ permission: Permission, _ signed: Signed) -> Bool {
        (try? service.policy.access.require(permission, roles: signed.ctx.principal.roles)) != nil
    }
}
