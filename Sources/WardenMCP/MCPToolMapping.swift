import Foundation
import WardenCore
import WardenRuntime

/// Translates Warden's tool values to MCP's wire form and back. Decides nothing.
enum MCPToolMapping {
    /// The `_meta` key carrying Warden's stable error code on a refused call.
    static let errorCodeKey = "io.warden/errorCode"
    /// The `_meta` key carrying the request id of a refused call.
    static let requestIDKey = "io.warden/requestId"

    /// A serving tool as an MCP `Tool`.
    static func tool(_ t: ServingTool) -> JSONValue {
        let d = t.definition
        var o: [String: JSONValue] = [
            "name": .string(d.name), "title": .string(d.title), "description": .string(d.description),
            "inputSchema": d.inputSchema,
        ]
        if let out = d.outputSchema { o["outputSchema"] = out }
        if let a = d.annotations {
            var ann: [String: JSONValue] = [:]
            if let v = a.readOnlyHint { ann["readOnlyHint"] = .bool(v) }
            if let v = a.destructiveHint { ann["destructiveHint"] = .bool(v) }
            if let v = a.idempotentHint { ann["idempotentHint"] = .bool(v) }
            if let v = a.openWorldHint { ann["openWorldHint"] = .bool(v) }
            if !ann.isEmpty { o["annotations"] = .object(ann) }
        }
        return .object(o)
    }

    /// A tool's result as an MCP `CallToolResult` (without `resultType`).
    static func result(_ r: ToolResult) -> [String: JSONValue] {
        var o: [String: JSONValue] = [
            "content": .array(r.content ?? [.object(["type": "text", "text": .string(r.text)])]),
            "isError": .bool(r.isError),
        ]
        if let s = r.structuredContent { o["structuredContent"] = s }
        return o
    }

    /// A governance refusal or failure as an MCP `CallToolResult` with `isError: true`, so the model sees it.
    /// Internal errors say nothing of their cause.
    static func refusal(_ e: WardenError, requestID: String) -> [String: JSONValue] {
        let message = e.code == .internal
            ? "an internal error occurred; request id \(requestID) identifies it in the server log"
            : e.message
        return [
            "content": .array([.object(["type": "text", "text": .string("\(e.code.rawValue): \(message)")])]),
            "isError": true,
            "_meta": .object([errorCodeKey: .string(e.code.rawValue), requestIDKey: .string(requestID)]),
        ]
    }
}
