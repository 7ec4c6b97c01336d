import Foundation
import JSONSchema
import Testing
import WardenCore
@testable import WardenA2A

/// Warden's stable error codes on the A2A wire.
@Suite("WardenError as A2A JSON-RPC errors")
struct A2AWardenErrorTests {
    static let expected: [WardenError.Code: Int] = [
        .unauthenticated: -32000, .forbidden: -32000, .invalidInput: -32602, .invalidOutput: -32006,
        .payloadTooLarge: -32600, .rateLimited: -32000, .circuitOpen: -32000, .upstreamUnavailable: -32000,
        .upstreamRejected: -32000, .timeout: -32000, .notFound: -32001, .conflict: -32004,
        .approvalRuleUnmet: -32000, .toolInactive: -32004, .unsupportedMediaType: -32005, .internal: -32603,
        .policyViolation: -32000,
    ]

    @Test("each Warden code maps to its A2A code and keeps the Warden code in the data", arguments: WardenError.Code.allCases)
    func mapping(code: WardenError.Code) throws {
        let error = A2AError(WardenError(code, "what to do next", details: ["field": "x"]), requestID: "req-9")
        #expect(error.code.rawValue == Self.expected[code], "\(code)")
        #expect(error.wardenCode == code.rawValue)
        #expect(error.metadata["field"] == "x" && error.metadata["requestId"] == "req-9")
        let info = try #require(error.response(for: .v1_0)["error"]?["data"]?.arrayValue?.first)
        #expect(info["@type"] == .string(A2AError.errorInfoType))
        #expect(info["metadata"]?["code"] == .string(code.rawValue))
        if error.code == .serverError {
            #expect(info["reason"] == .string("WARDEN_" + code.rawValue.uppercased()) && info["domain"] == "warden")
        } else {
            #expect(info["reason"] == .string(error.code.reason) && info["domain"] == "a2a-protocol.org")
        }
        #expect(error.response(for: .v0_3)["error"]?["data"]?["code"] == .string(code.rawValue))
    }

    @Test("a rate limit carries the wait in whole seconds, rounded up")
    func retryAfter() {
        let e = A2AError(WardenError(.rateLimited, "slow down: at most 10 calls a minute", details: ["retryAfterMs": "1200"]))
        #expect(e.metadata["retryAfterSeconds"] == "2" && e.retryAfterSeconds == 2)
        #expect(e.metadata["retryAfterMs"] == "1200")
        #expect(A2AError(WardenError(.forbidden, "no")).retryAfterSeconds == nil)
    }

    @Test("an internal error says nothing of its cause")
    func internalHidden() {
        let e = A2AError(WardenError(.internal, "database file /var/lib/warden.db is locked"), requestID: "req-1")
        #expect(!e.message.contains("database") && e.message.contains("req-1"))
    }
}
