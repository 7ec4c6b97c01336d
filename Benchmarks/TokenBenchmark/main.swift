import Foundation
import WardenCore
import WardenRuntime
import WardenStore

// Usage: TokenBenchmark [--iterations N] [--runs R]
//
// What a bearer JWT costs on Warden's hot path, per call (median of R runs of N calls each, one task):
// 1. verify: BearerTokenVerifier.verify of a Warden ES256 access token (parse, alg/kid/issuer checks, ES256 signature,
//    claim checks), no store;
// 2. authenticate, uncached: GovernanceService.authenticateCaller with the token cache off (verify plus the SQLite read
//    of the principal and the client);
// 3. authenticate, cached: the same with the default cache (SHA-256 of the token and a table lookup);
// 4. API key, cached: authenticateCaller with an API key, for comparison (the SHA-256 of the token, the cache key of
//    both, is measured alone too);
// 5. issue: GovernanceService.issueToken with client_secret_basic (store reads, ES256 signing, an audit append).
// Prints a table, then one JSON line (prefix `JSON `).

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let iterations = max(1, Int(option("--iterations") ?? "2000") ?? 2000)
let runs = max(1, Int(option("--runs") ?? "5") ?? 5)

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-token-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
let store = try SQLiteStore(path: dir.appendingPathComponent("warden.db").path)
let authority = try await TokenAuthority(settings: .init(issuer: "https://warden.bench"), signingKey: OAuthSigningKey())
let cached = GovernanceService(store: store, tokenAuthority: authority)
let uncached = GovernanceService(store: store, authenticationCache: AuthenticationCache(ttl: 0), tokenAuthority: authority)

let boot = try await cached.bootstrap(adminKey: nil)
guard let adminKey = boot.generatedKey else { fatalError("the benchmark needs an empty database") }
let admin = CallContext(principal: try await cached.authenticate(token: adminKey, requestID: "bench"), requestID: "bench")
_ = try await cached.createPrincipal(admin, NewPrincipal(id: "agent-1", displayName: "Agent", kind: .agent, roles: [.agent]))
let registered = try await cached.registerOAuthClient(admin, NewOAuthClient(id: "client-1", principalID: "agent-1", scopes: ["tools.call"]))
guard let secret = registered.clientSecret else { fatalError("no secret") }
let request = OAuthTokenRequest(parameters: ["grant_type": "client_credentials"], basic: .init(clientID: "client-1", secret: secret))
let token = try await cached.issueToken(request, requestID: "bench").accessToken
let apiKey = try await cached.createKey(admin, principalID: "agent-1", .init(label: "bench")).token

/// Microseconds per call: the median over `runs` runs of `n` calls.
func measure(_ n: Int, _ body: () async throws -> Void) async throws -> Double {
    for _ in 0..<min(n, 200) { try await body() }  // warm-up
    var perCall: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        for _ in 0..<n { try await body() }
        let c = (ContinuousClock.now - start).components
        perCall.append((Double(c.seconds) * 1e6 + Double(c.attoseconds) / 1e12) / Double(n))
    }
    return perCall.sorted()[perCall.count / 2]
}

let now = Date()
var rows: [(String, Double)] = []
rows.append(("SHA-256 of the token (the cache key)", try await measure(iterations * 10) { _ = Digest.sha256Hex(Data(token.utf8)) }))
rows.append(("verify (ES256 + claims, no store)", try await measure(iterations) { _ = try await authority.verifier.verify(token, at: now) }))
rows.append(("authenticate JWT, uncached", try await measure(iterations) {
    _ = try await uncached.authenticateCaller(token: token, requestID: "bench")
}))
rows.append(("authenticate JWT, cached", try await measure(iterations * 10) {
    _ = try await cached.authenticateCaller(token: token, requestID: "bench")
}))
rows.append(("authenticate API key, cached", try await measure(iterations * 10) {
    _ = try await cached.authenticateCaller(token: apiKey, requestID: "bench")
}))
rows.append(("issue token (client_secret_basic)", try await measure(max(1, iterations / 10)) {
    _ = try await cached.issueToken(request, requestID: "bench")
}))

print("TokenBenchmark: \(runs) runs, median µs per call (token \(token.utf8.count) bytes)")
for (name, us) in rows { print(name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%10.2f", us)) }
let json = rows.map { "\"\($0.0)\": \(String(format: "%.3f", $0.1))" }.joined(separator: ", ")
print("JSON {\(json)}")
