import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import WardenRuntime

// Usage:
//   ProxyBenchmark [--seconds N] [--warmup N] [--concurrency 1,8,64] [--database-dir DIR]
//   ProxyBenchmark --stages [--iterations N] [--database-dir DIR]   (one caller, each part of a call timed alone)
//
// In one process: a minimal upstream MCP server (Hummingbird, 127.0.0.1), Warden on a temporary SQLite database
// (127.0.0.1) with the upstream's `echo` tool onboarded as an MCP provider tool, and a closed-loop load generator
// (AsyncHTTPClient). For each concurrency it measures the same 2026-07-28 `tools/call` sent directly to the
// upstream, through a bare forwarder (one extra HTTP hop and nothing else: the floor for any proxy) and through
// Warden's /mcp endpoint, then prints a table and one JSON line (prefix `JSON `).
// --database-dir puts Warden's database elsewhere (e.g. /dev/shm, where fsync costs nothing); Warden's store
// itself is unchanged (WAL, synchronous=FULL, one audit event per call).

let arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let seconds = Double(option("--seconds") ?? "5") ?? 5
let warmup = Double(option("--warmup") ?? "2") ?? 2
let levels = (option("--concurrency") ?? "1,8,64").split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
let databaseParent = option("--database-dir").map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ProxyBenchmark: \(message)\n".utf8))
    exit(1)
}

var logger = Logger(label: "proxy-bench")
logger.logLevel = .error

do {
    let directory = databaseParent.appendingPathComponent("warden-proxy-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let upstreamPort = try await EchoUpstream.start(logger: logger)
    let upstreamURL = "http://127.0.0.1:\(upstreamPort)/mcp"
    let warden = try await WardenUnderTest.start(upstreamURL: upstreamURL, directory: directory, logger: logger)

    if arguments.contains("--stages") {
        try await StageTimings.run(warden, upstreamURL: upstreamURL, iterations: Int(option("--iterations") ?? "3000") ?? 3000)
        exit(0)
    }

    var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
    configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                         concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, (levels.max() ?? 64) * 2))
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    let load = LoadGenerator(client: client)
    let barePort = try await BareForwarder.start(upstreamURL: upstreamURL, client: HTTPToolPerformer.sharedClient, logger: logger)

    let direct = Target(label: "direct", url: upstreamURL, toolName: EchoUpstream.toolName, text: "hello", bearer: nil)
    let proxied = Target(label: "warden", url: "http://127.0.0.1:\(warden.port)/mcp", toolName: WardenUnderTest.toolName,
                         text: "hello", bearer: warden.agentToken)
    let bare = Target(label: "bare", url: "http://127.0.0.1:\(barePort)/mcp", toolName: EchoUpstream.toolName, text: "hello",
                      bearer: nil)
    try await load.verify(direct)
    try await load.verify(bare)
    try await load.verify(proxied)

    FileHandle.standardError.write(Data("""
        upstream \(upstreamURL); warden http://127.0.0.1:\(warden.port)/mcp (database \(warden.databasePath))
        warm-up \(warmup) s per target, then \(seconds) s per measurement, concurrency \(levels)\n
        """.utf8))
    for target in [direct, bare, proxied] {
        _ = await load.run(target, concurrency: levels.max() ?? 8, seconds: warmup)
    }

    struct Row {
        var direct: Measurement
        var bare: Measurement
        var warden: Measurement
        /// What governance adds over the bare forwarder.
        var governanceP50: Double { warden.quantileMs(0.5) - bare.quantileMs(0.5) }
        var governanceP99: Double { warden.quantileMs(0.99) - bare.quantileMs(0.99) }
        var bareRatio: Double { bare.requestsPerSecond > 0 ? warden.requestsPerSecond / bare.requestsPerSecond : 0 }
        var addedP50: Double { warden.quantileMs(0.5) - direct.quantileMs(0.5) }
        var addedP99: Double { warden.quantileMs(0.99) - direct.quantileMs(0.99) }
        var ratio: Double { direct.requestsPerSecond > 0 ? warden.requestsPerSecond / direct.requestsPerSecond : 0 }
    }
    var rows: [Row] = []
    for c in levels {
        // A short settle at this concurrency (opens the connections), then direct and Warden back to back.
        _ = await load.run(direct, concurrency: c, seconds: 0.5)
        let d = await load.run(direct, concurrency: c, seconds: seconds)
        _ = await load.run(bare, concurrency: c, seconds: 0.5)
        let b = await load.run(bare, concurrency: c, seconds: seconds)
        _ = await load.run(proxied, concurrency: c, seconds: 0.5)
        let w = await load.run(proxied, concurrency: c, seconds: seconds)
        rows.append(Row(direct: d, bare: b, warden: w))
    }

    func f(_ v: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", v) }
    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }

    print("tools/call through Warden vs direct to the upstream (loopback, one process, \(f(seconds, 1)) s per measurement)")
    print([pad("conc", 5), pad("direct p50", 11), pad("p99", 8), pad("req/s", 9), pad("warden p50", 11), pad("p99", 8),
           pad("req/s", 9), pad("+p50 ms", 9), pad("+p99 ms", 9), pad("tput %", 8), pad("errors", 7)].joined(separator: " "))
    for r in rows {
        print([pad("\(r.direct.concurrency)", 5), pad(f(r.direct.quantileMs(0.5)), 11), pad(f(r.direct.quantileMs(0.99)), 8),
               pad(f(r.direct.requestsPerSecond, 0), 9), pad(f(r.warden.quantileMs(0.5)), 11), pad(f(r.warden.quantileMs(0.99)), 8),
               pad(f(r.warden.requestsPerSecond, 0), 9), pad(f(r.addedP50), 9), pad(f(r.addedP99), 9),
               pad(f(r.ratio * 100, 1), 8), pad("\(r.direct.errors + r.warden.errors)", 7)].joined(separator: " "))
    }
    print("")
    print("the same through a bare forwarder (one extra hop, no governance) and what Warden adds over it")
    print([pad("conc", 5), pad("bare p50", 11), pad("p99", 8), pad("req/s", 9), pad("hop +p50", 9), pad("+p99", 8),
           pad("gov +p50", 9), pad("+p99", 8), pad("tput % of bare", 15)].joined(separator: " "))
    for r in rows {
        print([pad("\(r.direct.concurrency)", 5), pad(f(r.bare.quantileMs(0.5)), 11), pad(f(r.bare.quantileMs(0.99)), 8),
               pad(f(r.bare.requestsPerSecond, 0), 9), pad(f(r.bare.quantileMs(0.5) - r.direct.quantileMs(0.5)), 9),
               pad(f(r.bare.quantileMs(0.99) - r.direct.quantileMs(0.99)), 8), pad(f(r.governanceP50), 9),
               pad(f(r.governanceP99), 8), pad(f(r.bareRatio * 100, 1), 15)].joined(separator: " "))
    }
    print("")
    // The goal of the issue: at most +0.3 ms p50 and +1 ms p99, at least 80% of direct throughput.
    for r in rows {
        var verdicts: [String] = []
        verdicts.append(r.addedP50 <= 0.3 ? "p50 ok" : "p50 +\(f(r.addedP50 - 0.3)) ms over the 0.3 ms budget")
        verdicts.append(r.addedP99 <= 1.0 ? "p99 ok" : "p99 +\(f(r.addedP99 - 1.0)) ms over the 1 ms budget")
        verdicts.append(r.ratio >= 0.8 ? "throughput ok" : "throughput \(f(r.ratio * 100, 1))% < 80%")
        print("goal at concurrency \(r.direct.concurrency): " + verdicts.joined(separator: ", "))
    }

    func side(_ m: Measurement) -> String {
        "{\"p50_ms\":\(f(m.quantileMs(0.5), 4)),\"p99_ms\":\(f(m.quantileMs(0.99), 4)),\"rps\":\(f(m.requestsPerSecond, 1)),"
            + "\"requests\":\(m.requests),\"errors\":\(m.errors)}"
    }
    let results = rows.map { r in
        "{\"concurrency\":\(r.direct.concurrency),\"direct\":\(side(r.direct)),\"warden\":\(side(r.warden)),"
            + "\"bare\":\(side(r.bare)),\"governance_p50_ms\":\(f(r.governanceP50, 4)),\"governance_p99_ms\":\(f(r.governanceP99, 4)),"
            + "\"throughput_ratio_to_bare\":\(f(r.bareRatio, 4)),"
            + "\"added_p50_ms\":\(f(r.addedP50, 4)),\"added_p99_ms\":\(f(r.addedP99, 4)),\"throughput_ratio\":\(f(r.ratio, 4))}"
    }
    let databaseDir = databaseParent.path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    print("JSON {\"benchmark\":\"proxy\",\"seconds\":\(f(seconds, 1)),\"database_dir\":\"\(databaseDir)\",\"results\":[\(results.joined(separator: ","))]}")
    try? FileManager.default.removeItem(at: directory)
    exit(0)
} catch {
    fail("\(error)")
}
