import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WardenCore
import WardenRuntime
@testable import WardenServer

/// A signed-in console session as a test client holds it: the session cookie and the page's CSRF token.
struct ConsoleLogin: Sendable {
    var cookie: String
    var csrf: String
}

extension TestClientProtocol {
    /// GET the sign-in form and post `key`: the response of the post, and the sign-in cookie and token used.
    func consoleSignIn(key: String, csrfOverride: String? = nil) async throws -> TestResponse {
        let form = try await execute(uri: "/console/sign-in", method: .get) { $0 }
        let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let csrf = try #require(form.html.csrfToken)
        return try await execute(uri: "/console/sign-in", method: .post,
                                 headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                 body: ByteBuffer(string: formBody(["csrf": csrfOverride ?? csrf, "key": key]))) { $0 }
    }

    /// Signs in with `key` and reads the session's CSRF token from the catalog page.
    func consoleLogin(key: String) async throws -> ConsoleLogin {
        let r = try await consoleSignIn(key: key)
        #expect(r.status == .seeOther, "sign-in: \(r.html.prefix(500))")
        let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("\(ConsoleEndpoint.sessionCookie)=") }?
            .split(separator: ";").first.map(String.init))
        let page = try await execute(uri: "/console/tools", method: .get, headers: [.cookie: cookie]) { $0 }
        return ConsoleLogin(cookie: cookie, csrf: try #require(page.html.csrfToken))
    }

    func consoleGet(_ uri: String, _ login: ConsoleLogin?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let login { headers[.cookie] = login.cookie }
        return try await execute(uri: uri, method: .get, headers: headers) { $0 }
    }

    /// Posts `fields` as a form with the session's CSRF token, or `csrf` instead (`omitCSRF`: none at all).
    func consolePost(_ uri: String, _ login: ConsoleLogin, _ fields: [String: String], csrf: String? = nil,
                     omitCSRF: Bool = false) async throws -> TestResponse {
        var all = fields
        all["csrf"] = omitCSRF ? nil : (csrf ?? login.csrf)
        return try await execute(uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: login.cookie],
                                 body: ByteBuffer(string: formBody(all))) { $0 }
    }
}

func formBody(_ fields: [String: String]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.sorted { $0.key < $1.key }.map { k, v in
        "\(k.addingPercentEncoding(withAllowedCharacters: allowed) ?? k)=\(v.addingPercentEncoding(withAllowedCharacters: allowed) ?? v)"
    }.joined(separator: "&")
}

extension TestResponse {
    var html: String { String(buffer: body) }
}

extension String {
    /// The value of the first `name="csrf" value="…"` in a page.
    var csrfToken: String? {
        guard let r = range(of: #"name="csrf" value=""#) else { return nil }
        let rest = self[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

/// A hostile description and title: the console must show them as text.
let hostileText = "<script>alert(1)</script>"

extension ServerHarness {
    func context(_ id: String) async throws -> CallContext {
        CallContext(principal: try #require(try await store.read { try $0.principal(id: id) }), requestID: "console-\(UUID().uuidString.prefix(8))")
    }

    /// `weather.lookup` 1.0.0 proposed by `req` with a hostile title and description, every review kind filed and
    /// passing; with `votes`, both board members approved (the rule is met, ready for a decision).
    func proposeForConsole(votes: Bool = true, name: String = "weather.lookup") async throws {
        let text = toolJSON(name: name, ["description": .string("Forecast. \(hostileText)"), "title": .string("Weather \(hostileText)")])
        let definition = try WardenJSON.decode(ToolDefinition.self, from: Data(text.utf8))
        _ = try await service.propose(try await context("req"), definition)
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            let submission = try WardenJSON.decode(ReviewSubmission.self, from: Data(reviewJSON(kind.rawValue).utf8))
            _ = try await service.fileReview(try await context(who), name: name, version: definition.version, submission)
        }
        if votes {
            for b in ["b1", "b2"] { _ = try await service.vote(try await context(b), name: name, version: definition.version, .init(approve: true)) }
        }
    }

    /// A principal `chair` holding both the board and the auditor roles (it sees every event on the live stream).
    func addChair() async throws -> String {
        let admin = try await context("admin")
        _ = try await service.createPrincipal(admin, .init(id: "chair", displayName: "Chair", kind: .person, roles: [.governanceBoard, .auditor]))
        return try await service.createKey(admin, principalID: "chair", .init()).token
    }
}
