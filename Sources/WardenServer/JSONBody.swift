import Foundation
import Hummingbird
import WardenCore

/// Reads a JSON request body: size limit, JSON syntax, the OpenAPI schema (unknown fields included), then decoding.
struct JSONBody {
    let schemas: RequestSchemas
    let maxBytes: Int

    /// The decoded body and the hex SHA-256 of its canonical JSON.
    /// - Throws: `payload_too_large`, `unsupported_media_type` or `invalid_input` naming each problem.
    func read<T: Decodable>(_ type: T.Type, schema: String, from request: Request) async throws -> (T, String) {
        if let ct = request.headers[.contentType], !ct.lowercased().hasPrefix("application/json") {
            throw WardenError(.unsupportedMediaType, "send the body as JSON with 'Content-Type: application/json'")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw WardenError(.payloadTooLarge, "the request body is larger than \(maxBytes) bytes")
        }
        let data = Data(buffer: buffer)
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw WardenError.invalidInput(data.isEmpty ? "the request needs a JSON body" : "the body is not valid JSON")
        }
        try check(value, schema: schema)
        do {
            return (try WardenJSON.decode(T.self, from: data), Digest.sha256Hex(value.canonicalData))
        } catch let e as DecodingError {
            throw WardenError.invalidInput("the body is not a valid \(schema): \(e.readableDescription)")
        }
    }

    /// `value` (a request built elsewhere, such as from a console form) checked against the same schema as a body;
    /// returns the hex SHA-256 of its canonical JSON, as ``read(_:schema:from:)`` does.
    /// - Throws: `invalid_input` naming each problem.
    func check(_ value: some Encodable, schema: String) throws -> String {
        let json = try JSONDecoder().decode(JSONValue.self, from: try WardenJSON.encode(value))
        try check(json, schema: schema)
        return Digest.sha256Hex(json.canonicalData)
    }

    private func check(_ value: JSONValue, schema: String) throws {
        let problems = schemas.problems(value, against: schema)
        if !problems.isEmpty {
            let text = problems.prefix(10).map { "\($0.instanceLocation.isEmpty ? "/" : $0.instanceLocation): \($0.message)" }
            throw WardenError.invalidInput("the body does not match the \(schema) schema: " + text.joined(separator: "; "))
        }
    }
}
