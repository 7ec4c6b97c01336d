import Foundation
import JSONSchema
import Testing
@testable import WardenA2A

/// Bounds on untrusted input: each gives a clear error before any work, and nothing crashes.
@Suite("A2A input limits")
struct A2ALimitsTests {
    static func send(parts: Int, padding: Int = 0) -> Data {
        let part = #"{"text":"x"}"#
        let body = #"{"jsonrpc":"2.0","id":"r","method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":["#
            + Array(repeating: part, count: parts).joined(separator: ",") + #"]},"metadata":{"pad":""# + String(repeating: "a", count: padding) + #""}}}"#
        return Data(body.utf8)
    }

    @Test("a body over the size limit is -32600 Payload too large, with the sizes")
    func oversized() throws {
        let limits = A2ALimits(maxBodyBytes: 1000)
        #expect(throws: Never.self) { _ = try A2AServerRequest.parse(body: Self.send(parts: 1, padding: 100), versionHeader: "1.0", limits: limits) }
        let e = try #require(thrown(A2AError.self) {
            _ = try A2AServerRequest.parse(body: Self.send(parts: 1, padding: 2000), versionHeader: "1.0", limits: limits)
        })
        #expect(e.code == .invalidRequest && e.message.hasPrefix("Payload too large") && e.message.contains("1000"))
    }

    @Test("JSON nested deeper than the limit is -32600, without recursion trouble even for very deep input")
    func tooDeep() throws {
        let limits = A2ALimits(maxDepth: 16)
        let shallow = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"data":[[[1]]]}]}}}"#
        #expect(throws: Never.self) { _ = try A2AServerRequest.parse(body: Data(shallow.utf8), versionHeader: "1.0", limits: limits) }
        for depth in [17, 100_000] {
            let deep = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"data":"#
                + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}]}}}"
            let e = try #require(thrown(A2AError.self) { _ = try A2AServerRequest.parse(body: Data(deep.utf8), versionHeader: "1.0", limits: limits) })
            #expect(e.code == .invalidRequest && e.message.contains("nested deeper than 16"), "\(depth): \(e)")
        }
    }

    @Test("more parts than the limit is -32602, naming both counts", arguments: [(64, true), (65, false)])
    func tooManyParts(count: Int, accepted: Bool) throws {
        let result = Result { try A2AServerRequest.parse(body: Self.send(parts: count), versionHeader: "1.0") }
        switch result {
        case .success: #expect(accepted)
        case .failure(let error as A2AError):
            #expect(!accepted)
            #expect(error.code == .invalidParams && error.message.contains("\(count) parts") && error.requestID == .string("r"))
        case .failure(let other): Issue.record("unexpected \(other)")
        }
    }

    @Test("every truncation and byte flip of real requests gives an A2A error or a request, never a crash")
    func mutationsNeverCrash() throws {
        let bodies = try A2AFixtures.exchanges().filter { $0.requestJSON != nil }.map(\.requestBody)
        var errors = 0
        for body in bodies {
            let bytes = Array(body)
            for cut in stride(from: 0, to: bytes.count, by: 7) {
                if (try? A2AServerRequest.parse(body: Data(bytes[..<cut]), versionHeader: "1.0")) == nil { errors += 1 }
            }
            for i in stride(from: 0, to: bytes.count, by: 5) {
                var flipped = bytes
                flipped[i] = [UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "]"), 0xFF, UInt8(ascii: "1")][i % 5]
                _ = try? A2AServerRequest.parse(body: Data(flipped), versionHeader: "1.0")
            }
        }
        #expect(errors > bodies.count)
    }
}
