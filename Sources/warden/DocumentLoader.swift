import Foundation
import WardenCore
import Yams

/// Reads YAML or JSON documents (tool definitions, reviews, conditions) into JSON, faithfully:
/// quoted scalars stay strings, plain scalars follow YAML 1.2's core schema (integers stay integers,
/// `yes`/`no`/`on`/`off` and dates stay strings), and anything JSON cannot hold is an error.
enum DocumentLoader {
    /// A problem with a local file, with the file's path in the message.
    struct LoadError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Reads the file at `path` as JSON (`.json`) or YAML (anything else; JSON is valid YAML too).
    static func loadJSON(path: String) throws(LoadError) -> JSONValue {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(message: "\(path): cannot read the file: \(ClientOptions.reason(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoadError(message: "\(path): the file is not UTF-8 text")
        }
        if path.lowercased().hasSuffix(".json") {
            do {
                return try JSONDecoder().decode(JSONValue.self, from: data)
            } catch {
                throw LoadError(message: "\(path): not valid JSON: \(jsonSyntaxReason(error))")
            }
        }
        return try parseYAML(text, file: path)
    }

    /// Reads the file at `path` and decodes it as `T`.
    static func load<T: Decodable>(_ type: T.Type, path: String, what: String) throws(LoadError) -> (value: T, json: JSONValue) {
        let json = try loadJSON(path: path)
        return (try decode(T.self, from: json, file: path, what: what), json)
    }

    /// Decodes `json` as `T`, with an error naming the file and the field.
    static func decode<T: Decodable>(_ type: T.Type, from json: JSONValue, file: String, what: String) throws(LoadError) -> T {
        guard case .object = json else {
            throw LoadError(message: "\(file): expected \(what) as a mapping of fields, found \(json.typeName == "null" ? "an empty document" : "a \(json.typeName)")")
        }
        do {
            return try WardenJSON.decode(T.self, from: json.canonicalData)
        } catch let e as DecodingError {
            throw LoadError(message: "\(file): not a valid \(what): \(describe(e))")
        } catch {
            throw LoadError(message: "\(file): not a valid \(what): \(error)")
        }
    }

    /// Paths in `json` that decoding into `value` ignored: fields the type does not know (usually typos).
    /// Explicit nulls are not counted; they mean "absent".
    static func unknownFields(in json: JSONValue, decodedAs value: some Encodable) -> [String] {
        guard let known = try? JSONValue.encoding(value) else { return [] }
        return JSONDiff.changes(from: known, to: json)
            .filter { $0.kind == .added && $0.new != .null }
            .map(\.path)
    }

    /// Like ``load(_:path:what:)``, and also refuses fields `T` does not know.
    static func loadStrict<T: Codable>(_ type: T.Type, path: String, what: String) throws(LoadError) -> (value: T, json: JSONValue) {
        let (value, json) = try load(T.self, path: path, what: what)
        let unknown = unknownFields(in: json, decodedAs: value)
        if !unknown.isEmpty {
            throw LoadError(message: "\(path): not a valid \(what): unknown field\(unknown.count == 1 ? "" : "s") \(unknown.prefix(10).joined(separator: ", "))")
        }
        return (value, json)
    }

    /// Converts a YAML document to JSON.
    static func parseYAML(_ text: String, file: String) throws(LoadError) -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, resolver)
        } catch let e as YamlError {
            throw LoadError(message: "\(file): not valid YAML: \(yamlReason(e))")
        } catch {
            throw LoadError(message: "\(file): not valid YAML: \(error)")
        }
        guard let node else { return .null }
        return try convert(node, path: "", file: file)
    }

    /// YAML 1.2 core-schema resolution for plain scalars (timestamps stay strings).
    static let resolver: Resolver = {
        // The patterns are constant; a failure here would be a programming error caught by any test.
        var r = Resolver.basic
        r = (try? r.appending(.null, "^(?:~|null|Null|NULL|)$")) ?? r
        r = (try? r.appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")) ?? r
        r = (try? r.appending(.int, "^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")) ?? r
        r = (try? r.appending(.float, "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$")) ?? r
        return r
    }()

    private static func location(_ node: Node) -> String {
        guard let mark = node.mark else { return "" }
        return " (line \(mark.line), column \(mark.column))"
    }

    private static func convert(_ node: Node, path: String, file: String) throws(LoadError) -> JSONValue {
        let at = path.isEmpty ? "/" : path
        switch node {
        case .scalar(let scalar):
            let tag = node.tag.description
            let s = scalar.string
            switch tag {
            case Tag.Name.str.rawValue, Tag.Name.timestamp.rawValue, "!":
                return .string(s)
            case Tag.Name.null.rawValue:
                return .null
            case Tag.Name.bool.rawValue:
                switch s.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: throw LoadError(message: "\(file): \(at)\(location(node)): '\(s.prefix(40))' is not a boolean (use true or false)")
                }
            case Tag.Name.int.rawValue:
                if let i = parseInt(s) { return .number(JSONNumber(i)) }
                throw LoadError(message: "\(file): \(at)\(location(node)): the integer \(s.prefix(40)) is out of range")
            case Tag.Name.float.rawValue:
                guard let d = Double(s), d.isFinite else {
                    throw LoadError(message: "\(file): \(at)\(location(node)): \(s.prefix(40)) is not a finite number, which JSON cannot hold")
                }
                return .number(JSONNumber(d))
            default:
                throw LoadError(message: "\(file): \(at)\(location(node)): the YAML tag \(tag) is not supported; use plain JSON-compatible values")
            }
        case .sequence(let seq):
            var out: [JSONValue] = []
            for (i, item) in seq.enumerated() {
                out.append(try convert(item, path: path + "/\(i)", file: file))
            }
            return .array(out)
        case .mapping(let mapping):
            var out: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let k) = key else {
                    throw LoadError(message: "\(file): \(at)\(location(key)): mapping keys must be plain strings")
                }
                let name = k.string
                if name == "<<" {
                    throw LoadError(message: "\(file): \(at)\(location(key)): YAML merge keys ('<<') are not supported")
                }
                guard out[name] == nil else {
                    throw LoadError(message: "\(file): \(at)\(location(key)): the key '\(name.prefix(64))' appears twice")
                }
                out[name] = try convert(value, path: path + "/" + name, file: file)
            }
            return .object(out)
        case .alias:
            throw LoadError(message: "\(file): \(at)\(location(node)): YAML aliases are not supported")
        }
    }

    private static func parseInt(_ s: String) -> Int64? {
        var t = Substring(s)
        var negative = false
        if t.hasPrefix("+") { t = t.dropFirst() } else if t.hasPrefix("-") { negative = true; t = t.dropFirst() }
        let value: Int64?
        if t.hasPrefix("0x") { value = Int64(t.dropFirst(2), radix: 16) }
        else if t.hasPrefix("0o") { value = Int64(t.dropFirst(2), radix: 8) }
        else { value = Int64(t, radix: 10) }
        guard let v = value else { return nil }
        return negative ? -v : v
    }

    static func yamlReason(_ e: YamlError) -> String {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let where_ = "line \(mark.line), column \(mark.column)"
            if let context { return "\(problem) \(context.text) (\(where_))" }
            return "\(problem) (\(where_))"
        case .composer(let context, let problem, let mark, _):
            if let context { return "\(problem) \(context.text) (line \(mark.line), column \(mark.column))" }
            return "\(problem) (line \(mark.line), column \(mark.column))"
        default:
            return String(describing: e).replacingOccurrences(of: "\n", with: " ")
        }
    }

    static func jsonSyntaxReason(_ error: Error) -> String {
        if let e = error as? DecodingError, case .dataCorrupted(let ctx) = e {
            if let u = ctx.underlyingError as NSError?, let d = u.userInfo[NSDebugDescriptionErrorKey] as? String { return d }
            return ctx.debugDescription
        }
        return "\(error)"
    }

    /// A decoding error as `/field/path: what is wrong`.
    static func describe(_ e: DecodingError) -> String {
        func path(_ p: [CodingKey]) -> String {
            "/" + p.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
        }
        switch e {
        case .typeMismatch(let t, let ctx): return "\(path(ctx.codingPath)): expected \(typeName(t))"
        case .valueNotFound(let t, let ctx): return "\(path(ctx.codingPath)): missing \(typeName(t))"
        case .keyNotFound(let k, let ctx): return "\(path(ctx.codingPath + [k])): required field missing"
        case .dataCorrupted(let ctx): return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "malformed"
        }
    }

    private static func typeName(_ t: Any.Type) -> String {
        switch t {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is UInt64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean (true or false)"
        default:
            let name = "\(t)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return name
        }
    }
}
