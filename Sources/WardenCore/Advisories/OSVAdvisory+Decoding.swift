import Foundation
import JSONSchema

extension OSVAdvisory {
    /// Decodes one OSV record from JSON bytes.
    /// - Throws: ``AdvisoryError/invalidRecord(id:path:reason:)`` for invalid JSON, a missing `id` or
    ///   `modified`, fields of the wrong type, unknown range types, ranges without an `introduced` event,
    ///   and events that hold no or several of `introduced`, `fixed`, `last_affected`, `limit`.
    public init(data: Data) throws {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch let error as JSONParseError {
            throw AdvisoryError.invalidRecord(id: nil, path: "", reason: error.description)
        }
        try self.init(json: json)
    }

    /// Decodes one OSV record already parsed as JSON; see ``init(data:)``.
    public init(json: JSONValue) throws {
        guard let top = json.objectValue else {
            throw AdvisoryError.invalidRecord(id: nil, path: "", reason: "expected a JSON object, found \(json.typeName)")
        }
        let idReader = OSVFieldReader(id: nil)
        guard let id = try idReader.string(top, "id", at: ""), !id.isEmpty else {
            throw AdvisoryError.invalidRecord(id: nil, path: "id", reason: "required and must be a non-empty string")
        }
        let r = OSVFieldReader(id: id)
        guard let modified = try r.string(top, "modified", at: "") else {
            throw AdvisoryError.invalidRecord(id: id, path: "modified", reason: "required (an RFC 3339 time)")
        }
        self.init(
            id: id, modified: modified,
            published: try r.string(top, "published", at: ""),
            withdrawn: try r.string(top, "withdrawn", at: ""),
            aliases: try r.strings(top, "aliases", at: ""),
            related: try r.strings(top, "related", at: ""),
            summary: try r.string(top, "summary", at: ""),
            details: try r.string(top, "details", at: ""),
            severityScores: try r.severityScores(top, at: ""),
            affected: try r.objects(top, "affected", at: "").map { path, object in try r.affected(object, at: path) },
            databaseSpecific: r.value(top, "database_specific"),
            schemaVersion: try r.string(top, "schema_version", at: ""))
    }

    /// Decodes every OSV record in `data`: a single record, a JSON array of records, or an OSV.dev
    /// query answer (`{"vulns": [...]}`).
    /// - Throws: the first record's ``AdvisoryError`` (its path starts with the record's index).
    public static func decodeAll(from data: Data) throws -> [OSVAdvisory] {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch let error as JSONParseError {
            throw AdvisoryError.invalidRecord(id: nil, path: "", reason: error.description)
        }
        let list: [JSONValue]
        if let array = json.arrayValue {
            list = array
        } else if let vulns = json["vulns"]?.arrayValue, json["id"] == nil {
            list = vulns
        } else {
            return [try OSVAdvisory(json: json)]
        }
        return try list.enumerated().map { index, element in
            do {
                return try OSVAdvisory(json: element)
            } catch AdvisoryError.invalidRecord(let id, let path, let reason) {
                throw AdvisoryError.invalidRecord(id: id, path: path.isEmpty ? "[\(index)]" : "[\(index)].\(path)", reason: reason)
            }
        }
    }
}

/// Reads typed OSV fields out of `JSONValue` objects, naming the JSON path of anything wrong.
///
/// JSON `null` counts as absent, as several exporters write it for empty optional fields.
struct OSVFieldReader {
    let id: String?

    func fail(_ path: String, _ reason: String) -> AdvisoryError { .invalidRecord(id: id, path: path, reason: reason) }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func value(_ object: [String: JSONValue], _ key: String) -> JSONValue? {
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    func string(_ object: [String: JSONValue], _ key: String, at path: String) throws -> String? {
        guard let v = value(object, key) else { return nil }
        guard let s = v.stringValue else { throw fail(join(path, key), "expected a string, found \(v.typeName)") }
        return s
    }

    func requiredString(_ object: [String: JSONValue], _ key: String, at path: String) throws -> String {
        guard let s = try string(object, key, at: path) else { throw fail(join(path, key), "required") }
        return s
    }

    func strings(_ object: [String: JSONValue], _ key: String, at path: String) throws -> [String] {
        guard let v = value(object, key) else { return [] }
        guard let array = v.arrayValue else { throw fail(join(path, key), "expected an array of strings, found \(v.typeName)") }
        return try array.enumerated().map { index, element in
            guard let s = element.stringValue else {
                throw fail("\(join(path, key))[\(index)]", "expected a string, found \(element.typeName)")
            }
            return s
        }
    }

    /// The objects of array `key`, each with its path; a missing array is empty.
    func objects(_ object: [String: JSONValue], _ key: String, at path: String) throws -> [(String, [String: JSONValue])] {
        guard let v = value(object, key) else { return [] }
        guard let array = v.arrayValue else { throw fail(join(path, key), "expected an array, found \(v.typeName)") }
        return try array.enumerated().map { index, element in
            let elementPath = "\(join(path, key))[\(index)]"
            guard let o = element.objectValue else { throw fail(elementPath, "expected an object, found \(element.typeName)") }
            return (elementPath, o)
        }
    }

    func severityScores(_ object: [String: JSONValue], at path: String) throws -> [OSVAdvisory.SeverityScore] {
        try objects(object, "severity", at: path).map { p, o in
            OSVAdvisory.SeverityScore(type: try requiredString(o, "type", at: p), score: try requiredString(o, "score", at: p))
        }
    }

    func affected(_ object: [String: JSONValue], at path: String) throws -> OSVAdvisory.Affected {
        var package: OSVAdvisory.Package?
        if let v = value(object, "package") {
            let p = join(path, "package")
            guard let o = v.objectValue else { throw fail(p, "expected an object, found \(v.typeName)") }
            package = OSVAdvisory.Package(ecosystem: try requiredString(o, "ecosystem", at: p),
                                          name: try requiredString(o, "name", at: p),
                                          purl: try string(o, "purl", at: p))
        }
        return OSVAdvisory.Affected(
            package: package,
            ranges: try objects(object, "ranges", at: path).map { p, o in try range(o, at: p) },
            versions: try strings(object, "versions", at: path),
            severityScores: try severityScores(object, at: path),
            ecosystemSpecific: value(object, "ecosystem_specific"),
            databaseSpecific: value(object, "database_specific"))
    }

    func range(_ object: [String: JSONValue], at path: String) throws -> OSVAdvisory.Range {
        let typeText = try requiredString(object, "type", at: path)
        guard let type = OSVAdvisory.RangeType(rawValue: typeText) else {
            throw fail(join(path, "type"), "'\(AdvisoryError.clip(typeText))' is not a range type (SEMVER, ECOSYSTEM or GIT)")
        }
        let events = try objects(object, "events", at: path).map { p, o in try event(o, at: p) }
        guard events.contains(where: { if case .introduced = $0 { return true } else { return false } }) else {
            throw fail(join(path, "events"), "a range needs at least one 'introduced' event")
        }
        return OSVAdvisory.Range(type: type, events: events, repo: try string(object, "repo", at: path),
                                 databaseSpecific: value(object, "database_specific"))
    }

    func event(_ object: [String: JSONValue], at path: String) throws -> OSVAdvisory.Event {
        let kinds = ["introduced", "fixed", "last_affected", "limit"].filter { value(object, $0) != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            throw fail(path, kinds.isEmpty
                ? "an event needs one of introduced, fixed, last_affected or limit"
                : "an event holds exactly one of introduced, fixed, last_affected or limit, not \(kinds.joined(separator: " and "))")
        }
        let version = try requiredString(object, kind, at: path)
        guard !version.isEmpty else { throw fail(join(path, kind), "the version is empty") }
        switch kind {
        case "introduced": return .introduced(version)
        case "fixed": return .fixed(version)
        case "last_affected": return .lastAffected(version)
        default: return .limit(version)
        }
    }
}
