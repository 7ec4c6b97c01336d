import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One target of the load: a URL with the headers and body of a 2026-07-28 stateless `tools/call`.
struct Target: Sendable {
    let label: String
    let request: HTTPClientRequest
    let expectedText: String

    /// A `tools/call` of `toolName` with `{"text": text}`, with the `_meta` envelope and the MCP headers.
    init(label: String, url: String, toolName: String, text: String, bearer: String?) {
        self.label = label
        self.expectedText = text
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        request.headers.add(name: "MCP-Protocol-Version", value: "2026-07-28")
        request.headers.add(name: "Mcp-Method", value: "tools/call")
        request.headers.add(name: "Mcp-Name", value: toolName)
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        let body = """
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\(toolName)","arguments":{"text":"\(text)"},\
            "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},\
            "io.modelcontextprotocol/clientInfo":{"name":"proxy-bench","version":"1.0.0"}}}}
            """
        request.body = .bytes(ByteBuffer(string: body))
        self.request = request
    }
}

/// What one measurement found.
struct Measurement: Sendable {
    var concurrency: Int
    var requests: Int
    var errors: Int
    var elapsedSeconds: Double
    /// Sorted latencies in nanoseconds (successful requests only).
    var latencies: [UInt64]

    var requestsPerSecond: Double { elapsedSeconds > 0 ? Double(requests) / elapsedSeconds : 0 }

    /// The `q` quantile (nearest rank) in milliseconds.
    func quantileMs(_ q: Double) -> Double {
        guard !latencies.isEmpty else { return .nan }
        let rank = min(latencies.count - 1, max(0, Int((q * Double(latencies.count)).rounded(.up)) - 1))
        return Double(latencies[rank]) / 1_000_000
    }
}

/// Closed-loop load: `concurrency` workers, each sending one request after the other for a fixed time.
struct LoadGenerator: Sendable {
    let client: HTTPClient

    /// Sends one request and checks the answer thoroughly (status, JSON-RPC result, echoed text, no `isError`).
    func verify(_ target: Target) async throws {
        let response = try await client.execute(target.request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1_048_576)
        let text = String(buffer: body)
        guard response.status == .ok,
              let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let result = json["result"] as? [String: Any],
              (result["isError"] as? Bool) != true,
              let content = result["content"] as? [[String: Any]],
              content.first?["text"] as? String == target.expectedText else {
            throw BenchmarkError("\(target.label): unexpected answer (HTTP \(response.status.code)): \(text.prefix(400))")
        }
    }

    /// Runs `concurrency` workers for `seconds` and collects every latency.
    func run(_ target: Target, concurrency: Int, seconds: Double) async -> Measurement {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(seconds * 1000))
        // Room for ~60k requests/s in total, so appending never reallocates inside the measurement.
        let capacity = max(4096, Int(seconds * 60_000) / concurrency + 1024)
        let results = await withTaskGroup(of: ([UInt64], Int).self) { group in
            for _ in 0..<concurrency {
                group.addTask { await worker(target, until: deadline, capacity: capacity) }
            }
            var all: [([UInt64], Int)] = []
            for await r in group { all.append(r) }
            return all
        }
        let elapsed = clock.now - start
        var latencies: [UInt64] = []
        latencies.reserveCapacity(results.reduce(0) { $0 + $1.0.count })
        for r in results { latencies += r.0 }
        latencies.sort()
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Measurement(concurrency: concurrency, requests: latencies.count, errors: results.reduce(0) { $0 + $1.1 },
                           elapsedSeconds: elapsedSeconds, latencies: latencies)
    }

    private func worker(_ target: Target, until deadline: ContinuousClock.Instant, capacity: Int) async -> ([UInt64], Int) {
        var latencies: [UInt64] = []
        latencies.reserveCapacity(capacity)
        var errors = 0
        let clock = ContinuousClock()
        let refusal = Array(#""isError":true"#.utf8)
        while clock.now < deadline {
            let t0 = DispatchTime.now().uptimeNanoseconds
            do {
                let response = try await client.execute(target.request, timeout: .seconds(10))
                let body = try await response.body.collect(upTo: 1_048_576)
                let elapsed = DispatchTime.now().uptimeNanoseconds &- t0
                if response.status == .ok, !Self.contains(body.readableBytesView, refusal) {
                    latencies.append(elapsed)
                } else {
                    errors += 1
                }
            } catch {
                errors += 1
            }
        }
        return (latencies, errors)
    }

    /// Whether `haystack` contains `needle` (a tool refusal arrives as HTTP 200 with `isError`).
    static func contains(_ haystack: ByteBufferView, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
