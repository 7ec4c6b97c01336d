import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WardenCore
import WardenRuntime
@testable import WardenServer

/// The governance console's routes and forms, in process.
@Suite("console")
struct ConsoleTests {
    // MARK: sign-in

    @Test("signing in with a key opens a session: HttpOnly, SameSite=Strict, Path=/console cookie; the key never comes back")
    func signIn() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let form = try await client.consoleGet("/console/sign-in", nil)
            #expect(form.status == .ok)
            #expect(form.html.contains(#"name="viewport""#))
            let r = try await client.consoleSignIn(key: try #require(h.keys["b1"]))
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/console/tools")
            let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("warden_console=") })
            let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.isSuperset(of: ["Path=/console", "HttpOnly", "SameSite=Strict"]), "\(cookie)")
            #expect(attributes.contains { $0.hasPrefix("Max-Age=") })
            #expect(!attributes.contains("Secure"), "plain HTTP: no Secure attribute")
            let id = cookie.split(separator: ";")[0].dropFirst("warden_console=".count)
            #expect(id.count >= 40, "a 256-bit random id")
            let login = try await client.consoleLogin(key: try #require(h.keys["b1"]))
            let page = try await client.consoleGet("/console/tools", login)
            #expect(page.status == .ok)
            #expect(page.html.contains(">b1<"))
            #expect(!page.html.contains(try #require(h.keys["b1"])))
        }
    }

    @Test("a console served over TLS marks its cookies Secure")
    func secureCookieOverTLS() async throws {
        var configuration = WardenConfiguration()
        // The router only needs to know that the server speaks TLS; the files are read when the server starts.
        configuration.tls = TLSSettings(certificateChainFile: "/nonexistent/cert.pem", privateKeyFile: "/nonexistent/key.pem")
        let h = try await ServerHarness(configuration: configuration)
        try await h.app().test(.router) { client in
            let form = try await client.consoleGet("/console/sign-in", nil)
            #expect(form.headers[.setCookie]?.hasSuffix("; Secure") == true)
            let r = try await client.consoleSignIn(key: try #require(h.keys["b1"]))
            let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("warden_console=") })
            #expect(cookie.hasSuffix("; Secure"), "\(cookie)")
        }
    }

    @Test("failed sign-ins say nothing about the key and open no session", arguments: [
        ("unknown key", "wdn_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", HTTPResponse.Status.unauthorized),
        ("malformed key", "not-a-key", .unauthorized),
        ("empty key", "", .unauthorized),
    ])
    func signInFailure(_ label: String, key: String, status: HTTPResponse.Status) async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let r = try await client.consoleSignIn(key: key)
            #expect(r.status == status, "\(label)")
            #expect(r.html.contains("Sign-in failed: that API key is not accepted."))
            #expect(!r.headers[values: .setCookie].contains { $0.hasPrefix("warden_console=") && !$0.hasPrefix("warden_console=;") })
        }
    }

    @Test("after too many failed sign-ins from one client the form refuses (429), even the right key, until the window ends")
    func signInThrottle() async throws {
        let h = try await ServerHarness()
        let app = Application(router: try WardenApplication.router(engine: h.engine, configuration: h.configuration,
                                                                    console: ConsoleSessions(failureLimit: 2)))
        try await app.test(.router) { client in
            for _ in 0..<2 { #expect(try await client.consoleSignIn(key: "not-a-key").status == .unauthorized) }
            let refused = try await client.consoleSignIn(key: try #require(h.keys["b1"]))
            #expect(refused.status == .tooManyRequests)
            #expect(!refused.headers[values: .setCookie].contains { $0.hasPrefix("warden_console=") })
        }
    }

    @Test("the sign-in form refuses a missing token, a malformed and an oversized form")
    func signInMalformed() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let noToken = try await client.consoleSignIn(key: try #require(h.keys["b1"]), csrfOverride: "wrong")
            #expect(noToken.status == .forbidden)
            #expect(noToken.html.contains(#"data-code="csrf_invalid""#))
            let json = try await client.execute(uri: "/console/sign-in", method: .post, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(string: "{}")) { $0 }
            #expect(json.status == .badRequest)
            let badEncoding = try await client.execute(uri: "/console/sign-in", method: .post,
                                                       headers: [.contentType: "application/x-www-form-urlencoded"],
                                                       body: ByteBuffer(string: "key=%zz")) { $0 }
            #expect(badEncoding.status == .badRequest)
            let big = try await client.execute(uri: "/console/sign-in", method: .post,
                                               headers: [.contentType: "application/x-www-form-urlencoded"],
                                               body: ByteBuffer(string: "key=" + String(repeating: "a", count: 70_000))) { $0 }
            #expect(big.status == .contentTooLarge)
        }
    }

    @Test("signing out ends the session; pages then ask to sign in")
    func signOut() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            #expect(try await client.consoleGet("/console/tools", nil).headers[.location] == "/console/sign-in")
            let login = try await client.consoleLogin(key: try #require(h.keys["b1"]))
            let out = try await client.consolePost("/console/sign-out", login, [:])
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await client.consoleGet("/console/tools", login)
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/console/sign-in")
        }
    }

    // MARK: CSRF and roles

    @Test("a form without the session's CSRF token is refused with 403 csrf_invalid and writes nothing", arguments: [nil, "wrong-token"])
    func csrfRefusal(_ token: String?) async throws {
        let h = try await ServerHarness()
        try await h.proposeForConsole(votes: false)
        try await h.app().test(.router) { client in
            let login = try await client.consoleLogin(key: try #require(h.keys["b1"]))
            let r = try await client.consolePost("/console/tools/weather.lookup/versions/1.0.0/votes", login,
                                                 ["approve": "yes"], csrf: token, omitCSRF: token == nil)
            #expect(r.status == .forbidden)
            #expect(r.html.contains(#"data-code="csrf_invalid""#))
            #expect(r.headers[.contentSecurityPolicy] != nil)
        }
        let votes = try await h.store.read { try $0.approvals(name: "weather.lookup", version: SemanticVersion("1.0.0")!) }
        #expect(votes.isEmpty)
    }

    @Test("without the role, the review and decision forms are refused (403 forbidden) and nothing is recorded", arguments: [
        ("bot", "reviews"), ("req", "reviews"), ("bot", "decision"), ("sec", "decision"),
    ])
    func roleRefusal(_ who: String, _ form: String) async throws {
        let h = try await ServerHarness()
        try await h.proposeForConsole()
        let reviewsBefore = try await h.store.read { try $0.reviews(name: "weather.lookup", version: SemanticVersion("1.0.0")!) }.count
        try await h.app().test(.router) { client in
            let login = try await client.consoleLogin(key: try #require(h.keys[who]))
            let fields: [String: String] = form == "reviews"
                ? ["kind": "functional", "verdict": "pass", "summary": "fine", "performance": "ok", "reliability": "ok", "accuracy": "ok",
                   "businessFit": "ok"]
                : ["outcome": "approved", "reasons": "all good"]
            let r = try await client.consolePost("/console/tools/weather.lookup/versions/1.0.0/\(form)", login, fields)
            #expect(r.status == .forbidden, "\(who) \(form)")
            #expect(r.html.contains(#"data-code="forbidden""#))
            #expect(r.html.contains("all good") || form == "reviews", "the input is kept")
        }
        let record = try #require(try await h.store.read { try $0.toolVersion(name: "weather.lookup", version: SemanticVersion("1.0.0")!) })
        #expect(record.decision == nil)
        #expect(try await h.store.read { try $0.reviews(name: "weather.lookup", version: SemanticVersion("1.0.0")!) }.count == reviewsBefore)
    }

    // MARK: pages

    @Test("hostile text in a tool's title and description is shown escaped, never as markup",
          arguments: ["/console/tools", "/console/tools/weather.lookup", "/console/tools/weather.lookup/versions/1.0.0"])
    func escaping(_ uri: String) async throws {
        let h = try await ServerHarness()
        try await h.proposeForConsole()
        try await h.app().test(.router) { client in
            let login = try await client.consoleLogin(key: try #require(h.keys["b1"]))
            let page = try await client.consoleGet(uri, login)
            #expect(page.status == .ok)
            #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.html.contains(hostileText))
        }
    }

    @Test("every page renders for a populated registry, with the console's security headers", arguments: [
        "/console/tools", "/console/tools/weather.lookup", "/console/tools/weather.lookup?from=1.0.0&to=1.1.0",
        "/console/tools/weather.lookup/versions/1.1.0", "/console/proposals", "/console/agents", "/console/agents/scout/versions/1.0.0",
        "/console/audit",
        "/console/audit?actor=req&action=&subject=tool%3Aweather.lookup*&outcome=success", "/console/audit/verify", "/console/reviews?within=400",
    ])
    func pagesRender(_ uri: String) async throws {
        let h = try await ServerHarness()
        try await h.proposeForConsole()
        try await h.app().test(.router) { client in
            #expect(try await client.send(.post, "/v1/agents", as: h.keys["req"], json: agentJSON()).status == .created)
            #expect(try await client.send(.post, "/v1/agents", as: h.keys["req"], json: agentJSON(name: "scout", trust: "external")).status == .created)
            let s = h.service
            _ = try await s.decide(try await h.context("b1"), name: "weather.lookup", version: SemanticVersion("1.0.0")!,
                                   .init(outcome: .approvedWithConditions, reasons: "ok",
                                         conditions: .init(rateLimit: .init(requests: 5, perSeconds: 60), notes: ["watch it"])))
            _ = try await s.transition(try await h.context("admin"), name: "weather.lookup", .init(action: .activate))
            let next = toolJSON(version: "1.1.0", ["description": "Forecast, now with wind."])
            _ = try await s.propose(try await h.context("req"), try WardenJSON.decode(ToolDefinition.self, from: Data(next.utf8)))
            let login = try await client.consoleLogin(key: try #require(h.keys["aud"]))
            let board = try await client.consoleLogin(key: try #require(h.keys["b1"]))
            let page = try await client.consoleGet(uri, uri.hasPrefix("/console/audit") ? login : board)
            #expect(page.status == .ok, "\(uri): \(page.html.prefix(800))")
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(!page.html.contains("<script>"), "no inline script")
            switch uri {
            case "/console/tools": #expect(page.html.contains(">active<") && page.html.contains("team-weather"))
            case "/console/tools/weather.lookup?from=1.0.0&to=1.1.0":
                #expect(page.html.contains("<code>/description</code>") && page.html.contains("Forecast, now with wind."))
                #expect(page.html.contains("watch it") && page.html.contains("<svg"))
            case "/console/proposals":
                #expect(page.html.contains("weather.lookup 1.1.0") && page.html.contains("security review is missing"))
                #expect(page.html.contains(#"<a href="/console/agents/scout/versions/1.0.0">scout 1.0.0</a>"#))
            case "/console/agents/scout/versions/1.0.0":
                #expect(page.html.contains("Trust level") && page.html.contains("external") && page.html.contains(#"id="decision-form""#))
            case "/console/agents": #expect(page.html.contains("billing") && page.html.contains("team-billing"))
            case "/console/audit/verify": #expect(page.html.contains(#"data-verify="ok""#))
            case "/console/reviews?within=400": #expect(page.html.contains("weather.lookup"))
            default: break
            }
        }
    }

    @Test("the audit page refuses a caller without audit.read, as the API does")
    func auditNeedsTheRole() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let login = try await client.consoleLogin(key: try #require(h.keys["b1"]))
            let page = try await client.consoleGet("/console/audit", login)
            #expect(page.status == .forbidden)
            #expect(page.html.contains(#"data-code="forbidden""#))
        }
    }

    // MARK: forms

    @Test("a decision recorded through the form shows in the catalog; a refused one keeps the input and says why")
    func decisionForm() async throws {
        let h = try await ServerHarness()
        try await h.proposeForConsole(votes: false)
        try await h.app().test(.router) { client in
            let login = try await client.consoleLogin(key: try #require(h.keys["b1"]))
            let base = "/console/tools/weather.lookup/versions/1.0.0"
            let early = try await client.consolePost("\(base)/decision", login, ["outcome": "approved", "reasons": "looks <fine>"])
            #expect(early.status == .conflict)
            #expect(early.html.contains(#"data-code="approval_rule_unmet""#))
            #expect(early.html.contains("looks &lt;fine&gt;</textarea>"), "the reasons are kept")
            let vote = try await client.consolePost("\(base)/votes", login, ["approve": "yes"])
            #expect(vote.status == .seeOther)
            let b2 = try await client.consoleLogin(key: try #require(h.keys["b2"]))
            #expect(try await client.consolePost("\(base)/votes", b2, ["approve": "yes", "comment": "ok"]).status == .seeOther)
            let bad = try await client.consolePost("\(base)/decision", login, ["outcome": "approved_with_conditions", "reasons": "ok",
                                                                               "rateRequests": "5000", "ratePerSeconds": "1"])
            #expect(bad.status == .badRequest)
            #expect(bad.html.contains("conditions.rateLimit"))
            #expect(bad.html.contains(#"value="5000""#))
            let decided = try await client.consolePost("\(base)/decision", login, ["outcome": "approved_with_conditions", "reasons": "ok",
                                                                                   "rateRequests": "5", "ratePerSeconds": "60"])
            #expect(decided.status == .seeOther)
            #expect(decided.headers[.location] == "\(base)?done=decision")
            let catalog = try await client.consoleGet("/console/tools", login)
            #expect(catalog.html.contains(#"<span class="state state-approved">approved</span>"#))
        }
        let record = try #require(try await h.store.read { try $0.toolVersion(name: "weather.lookup", version: SemanticVersion("1.0.0")!) })
        #expect(record.decision?.conditions?.rateLimit?.requests == 5)
        #expect(record.decision?.decidedBy == "b1")
    }

    @Test("a review filed through the form is on record; an incomplete one is refused with the API's message")
    func reviewForm() async throws {
        let h = try await ServerHarness()
        try await h.proposeForConsole(votes: false, name: "other.tool")
        try await h.app().test(.router) { client in
            let login = try await client.consoleLogin(key: try #require(h.keys["sec"]))
            let base = "/console/tools/other.tool/versions/1.0.0"
            let incomplete = try await client.consolePost("\(base)/reviews", login, ["kind": "security", "verdict": "pass", "summary": "x",
                                                                                     "findings": "high: open port"])
            #expect(incomplete.status == .badRequest)
            #expect(incomplete.html.contains("sourceAnalysis: required"))
            let highPass = try await client.consolePost("\(base)/reviews", login, [
                "kind": "security", "verdict": "pass", "summary": "x", "findings": "high: open port | 8080",
                "sourceAnalysis": "a", "permissions": "b", "inputOutputValidation": "c", "dependencies": "d",
            ])
            #expect(highPass.status == .badRequest)
            #expect(highPass.html.contains("cannot pass"))
            let filed = try await client.consolePost("\(base)/reviews", login, [
                "kind": "security", "verdict": "concerns", "summary": "second look", "findings": "high: open port | 8080",
                "sourceAnalysis": "a", "permissions": "b", "inputOutputValidation": "c", "dependencies": "d",
            ])
            #expect(filed.status == .seeOther)
        }
        let reviews = try await h.store.read { try $0.reviews(name: "other.tool", version: SemanticVersion("1.0.0")!) }
        #expect(reviews.contains { $0.submission.summary == "second look" && $0.submission.findings.first?.detail == "8080" })
    }

    @Test("an agent proposal is reviewed, voted on and decided through the same forms, by the agents' service calls")
    func agentForms() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            #expect(try await client.send(.post, "/v1/agents", as: h.keys["req"], json: agentJSON(name: "scout", trust: "external")).status == .created)
            let version = SemanticVersion("1.0.0")!
            for (who, kind) in [("fun", ReviewKind.functional), ("com", .compliance), ("sec", .risk)] {
                let submission = try WardenJSON.decode(ReviewSubmission.self, from: Data(reviewJSON(kind.rawValue).utf8))
                _ = try await h.service.fileAgentReview(try await h.context(who), name: "scout", version: version, submission)
            }
            let base = "/console/agents/scout/versions/1.0.0"
            let sec = try await client.consoleLogin(key: try #require(h.keys["sec"]))
            let review = try await client.consolePost("\(base)/reviews", sec, [
                "kind": "security", "verdict": "pass", "summary": "card and endpoint checked",
                "sourceAnalysis": "n/a", "permissions": "one skill", "inputOutputValidation": "schemas", "dependencies": "none",
            ])
            #expect(review.status == .seeOther, "\(review.html.prefix(600))")
            let b1 = try await client.consoleLogin(key: try #require(h.keys["b1"]))
            let b2 = try await client.consoleLogin(key: try #require(h.keys["b2"]))
            for login in [b1, b2] { #expect(try await client.consolePost("\(base)/votes", login, ["approve": "yes"]).status == .seeOther) }
            let withRole = try await client.consolePost("\(base)/decision", b1, ["outcome": "approved_with_conditions", "reasons": "ok",
                                                                                  "requiredRole": "agent"])
            #expect(withRole.status == .badRequest, "a role condition does not apply to an agent")
            let decided = try await client.consolePost("\(base)/decision", b1, ["outcome": "approved", "reasons": "fine"])
            #expect(decided.status == .seeOther)
            let page = try await client.consoleGet("\(base)?done=decision", b1)
            #expect(page.html.contains("Decision recorded.") && page.html.contains("<strong>approved</strong> by b1"))
        }
        let detail = try await h.service.agentVersion(try await h.context("b1"), name: "scout", version: SemanticVersion("1.0.0")!)
        #expect(detail.record.decision?.decidedBy == "b1")
        #expect(detail.reviews.contains { $0.submission.summary == "card and endpoint checked" })
    }

    @Test("the static files are served with their types and the security headers")
    func staticFiles() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let js = try await client.consoleGet("/console/static/console.js", nil)
            #expect(js.status == .ok)
            #expect(js.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(js.headers[.xContentTypeOptions] == "nosniff")
            #expect(try await client.consoleGet("/console/static/nothing.js", nil).status == .notFound)
        }
    }
}
