import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import WardenCore
import WardenRuntime
import WardenStore
@testable import WardenServer

/// A Warden router on a fresh SQLite file, with keys for a principal of each standard role, and a token authority
/// (issuer `configuration.oauth`'s, by default http://127.0.0.1:8080) with a fresh signing key.
struct ServerHarness {
    let engine: WardenEngine
    var service: GovernanceService { engine.service }
    let store: SQLiteStore
    let configuration: WardenConfiguration
    /// API key by principal id (`admin`, `req`, `sec`, `fun`, `com`, `b1`, `b2`, `aud`, `bot`).
    let keys: [String: String]

    init(configuration: WardenConfiguration = WardenConfiguration()) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-srv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var config = configuration
        config.database = dir.appendingPathComponent("warden.db").path
        self.configuration = config
        store = try SQLiteStore(path: config.database)
        let authority = try await TokenAuthority(settings: config.oauthAuthoritySettings, signingKey: OAuthSigningKey())
        engine = try await WardenEngine(store: store, policy: config.governance, secrets: FixedSecrets(values: ["WEATHER_KEY": "s3cret-value"]),
                                        auditSigningKey: AuditSigningKey(), tokenAuthority: authority,
                                        events: EventHub(bufferSize: config.events.bufferSize))
        let service = engine.service
        let boot = try await service.bootstrap(adminKey: nil)
        var keys = ["admin": boot.generatedKey!]
        let admin = CallContext(principal: try await store.read { try $0.principal(id: "admin") }!, requestID: "setup")
        for (id, role) in [("req", Role.requester), ("sec", .securityReviewer), ("fun", .functionalReviewer),
                           ("com", .complianceReviewer), ("b1", .governanceBoard), ("b2", .governanceBoard), ("aud", .auditor),
                           ("bot", .agent)] {
            _ = try await service.createPrincipal(admin, .init(id: id, displayName: id, kind: .person, roles: [role]))
            keys[id] = try await service.createKey(admin, principalID: id, .init()).token
        }
        self.keys = keys
    }

    func app() throws -> some ApplicationProtocol {
        Application(router: try WardenApplication.router(engine: engine, configuration: configuration))
    }

    func auditCount() async throws -> Int {
        try await store.read { try $0.auditEvents(afterSeq: 0, limit: 1000).count }
    }
}

extension TestClientProtocol {
    /// Sends a request with `who`'s key (none when nil) and an optional JSON body.
    func send(_ method: HTTPRequest.Method, _ uri: String, as key: String?, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers,
                                 body: json.map { ByteBuffer(string: $0) }) { $0 }
    }
}

extension TestResponse {
    var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))) ?? .null }
    var errorCode: String? { json["error"]?["code"]?.stringValue }
}

/// A tool definition as a JSON text, with fields replaced or added.
func toolJSON(name: String = "weather.lookup", version: String = "1.0.0", _ overrides: [String: JSONValue] = [:]) -> String {
    var d: [String: JSONValue] = [
        "name": .string(name), "version": .string(version), "title": "Weather", "description": "Forecast for a city.",
        "purpose": "Answer weather questions.", "justification": "Customers ask.",
        "provider": ["kind": "http", "origin": "third_party", "vendor": "Open Weather",
                     "http": ["method": "GET", "url": "https://api.example.com/weather"]],
        "useCases": ["weather"], "dataRequirements": ["reads": ["public"], "returns": ["public"]],
        "inputSchema": ["type": "object", "properties": ["city": ["type": "string", "maxLength": 80]]],
        "requiredCredentials": ["WEATHER_KEY"], "requiredRole": "agent", "rateLimit": ["requests": 60, "perSeconds": 60],
        "timeoutMs": 5000, "owner": "team-weather", "usageGuidelines": "Current weather only.", "limitations": [],
    ]
    for (k, v) in overrides { d[k] = v == .null ? nil : v }
    return JSONValue.object(d).canonicalString
}

func reviewJSON(_ kind: String, verdict: String = "pass") -> String {
    var r: [String: JSONValue] = ["kind": .string(kind), "verdict": .string(verdict), "summary": "looked at it", "findings": []]
    switch kind {
    case "security": r["security"] = ["sourceAnalysis": "clean", "permissions": "minimal", "inputOutputValidation": "schema",
                                      "dependencies": "none"]
    case "functional": r["functional"] = ["performance": "ok", "reliability": "ok", "accuracy": "ok", "businessFit": "ok"]
    case "compliance": r["compliance"] = ["dataHandling": "ok", "regulations": ["GDPR"], "biasAndMisuse": "none", "transparency": "ok"]
    default: r["risks"] = [["category": "operational", "description": "outage", "severity": "low", "mitigation": "fallback"]]
    }
    return JSONValue.object(r).canonicalString
}
