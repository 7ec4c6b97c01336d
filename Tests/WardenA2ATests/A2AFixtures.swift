import Foundation
import JSONSchema
import Testing
@testable import WardenA2A

/// The golden files a2a-sdk wrote (scripts/gen-a2a-fixtures.py) under Fixtures/.
enum A2AFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    static func data(_ file: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(file))
    }

    /// The JSON of `file`; `file#key` is one member of the file's top-level object.
    static func json(_ reference: String) throws -> JSONValue {
        let parts = reference.split(separator: "#", maxSplits: 1).map(String.init)
        let value = try JSONValue(parsing: data(parts[0]))
        guard parts.count == 2 else { return value }
        return try #require(value[parts[1]], "\(reference): no member \(parts[1])")
    }

    /// The names (without `.json`) of the files in `folder`.
    static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// One recorded exchange between a2a-sdk's client and server.
    struct Exchange {
        var name: String
        var headers: [String: String]
        /// The request body as sent (parsed JSON re-serialized, or the raw text).
        var requestBody: Data
        var requestJSON: JSONValue?
        var responseJSON: JSONValue?
        var responseRaw: String?
        var contentType: String
    }

    static func exchange(_ name: String) throws -> Exchange {
        let v = try json("exchanges/\(name).json")
        let req = try #require(v["request"]), resp = try #require(v["response"])
        var headers: [String: String] = [:]
        for (k, h) in req["headers"]?.objectValue ?? [:] { headers[k] = h.stringValue }
        let body: Data
        if let j = req["body"] {
            body = j.canonicalData
        } else {
            body = Data((req["raw"]?.stringValue ?? "").utf8)
        }
        return Exchange(name: name, headers: headers, requestBody: body, requestJSON: req["body"], responseJSON: resp["body"],
                        responseRaw: resp["raw"]?.stringValue, contentType: resp["contentType"]?.stringValue ?? "")
    }

    static func exchanges() throws -> [Exchange] {
        try names(in: "exchanges").filter { $0 != "agent-card-get" }.map(exchange)
    }
}

/// The error a throwing body threw, as `E`.
func thrown<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
    do {
        try body()
        return nil
    } catch let e as E {
        return e
    } catch {
        return nil
    }
}

/// The first difference between two JSON values, as a path; `nil` when equal (numbers compare numerically).
func jsonDifference(_ a: JSONValue, _ b: JSONValue, path: String = "") -> String? {
    switch (a, b) {
    case (.object(let x), .object(let y)):
        for k in Set(x.keys).union(y.keys).sorted() {
            guard let xv = x[k] else { return "\(path)/\(k): only in the second" }
            guard let yv = y[k] else { return "\(path)/\(k): only in the first" }
            if let d = jsonDifference(xv, yv, path: "\(path)/\(k)") { return d }
        }
        return nil
    case (.array(let x), .array(let y)):
        guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) items" }
        for (i, (xv, yv)) in zip(x, y).enumerated() {
            if let d = jsonDifference(xv, yv, path: "\(path)/\(i)") { return d }
        }
        return nil
    default:
        return a == b ? nil : "\(path): \(a.canonicalString.prefix(120)) vs \(b.canonicalString.prefix(120))"
    }
}
