import Foundation
import JSONSchema

/// A deterministic corpus of realistic MCP-style tool input schemas with valid and invalid instances.
enum Corpus {
    struct Case {
        var name: String
        var schema: JSONValue
        var instances: [(value: JSONValue, valid: Bool)]
    }

    static func build() throws -> [Case] {
        var cases: [Case] = []
        for (name, schemaText, valid, invalid) in sources {
            let schema = try JSONValue.parse(schemaText)
            var instances: [(JSONValue, Bool)] = []
            for v in valid { instances.append((try JSONValue.parse(v), true)) }
            for v in invalid { instances.append((try JSONValue.parse(v), false)) }
            cases.append(Case(name: name, schema: schema, instances: instances))
        }
        cases.append(generatedBatch())
        return cases
    }

    /// A larger case: arrays of nested objects, built with a fixed-seed generator.
    static func generatedBatch() -> Case {
        var rng = SplitMix64(seed: 42)
        let schema: JSONValue = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": [
                "batch_id": ["type": "string", "pattern": "^batch-[0-9]{6}$"],
                "records": ["type": "array", "maxItems": 500, "items": ["$ref": "#/$defs/record"]],
            ],
            "required": ["batch_id", "records"],
            "additionalProperties": false,
            "$defs": [
                "record": [
                    "type": "object",
                    "properties": [
                        "id": ["type": "integer", "minimum": 0],
                        "kind": ["enum": ["user", "group", "service"]],
                        "name": ["type": "string", "minLength": 1, "maxLength": 80],
                        "score": ["type": "number", "minimum": 0, "maximum": 1],
                        "tags": ["type": "array", "items": ["type": "string", "maxLength": 20], "uniqueItems": true],
                        "owner": ["$ref": "#/$defs/owner"],
                    ],
                    "required": ["id", "kind", "name"],
                    "additionalProperties": false,
                ],
                "owner": [
                    "type": "object",
                    "properties": ["email": ["type": "string", "minLength": 3], "team": ["type": "string"]],
                    "required": ["email"],
                ],
            ],
        ]
        func record(_ i: Int, broken: Bool) -> JSONValue {
            let kinds: [JSONValue] = ["user", "group", "service"]
            var o: [String: JSONValue] = [
                "id": .number(JSONNumber(i)),
                "kind": kinds[Int(rng.next() % 3)],
                "name": .string("record-\(rng.next() % 10_000)"),
                "score": .number(JSONNumber(Double(rng.next() % 1000) / 1000)),
                "tags": .array((0..<Int(rng.next() % 4)).map { .string("t\($0)") }),
                "owner": ["email": .string("o\(i)@example.com"), "team": "infra"],
            ]
            if broken { o["score"] = 1.5 }
            return .object(o)
        }
        var instances: [(JSONValue, Bool)] = []
        for n in [5, 20, 60] {
            instances.append((["batch_id": .string("batch-\(100_000 + n)"), "records": .array((0..<n).map { record($0, broken: false) })], true))
        }
        instances.append((["batch_id": "batch-123456", "records": .array((0..<20).map { record($0, broken: $0 == 17) })], false))
        return Case(name: "generated_batch", schema: schema, instances: instances)
    }

    /// Writes the corpus as `<name>.json` files: `{"schema": ..., "instances": [{"data": ..., "valid": ...}]}`.
    static func write(_ cases: [Case], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for c in cases {
            let doc: JSONValue = [
                "schema": c.schema,
                "instances": .array(c.instances.map { ["data": $0.value, "valid": .bool($0.valid)] }),
            ]
            try doc.canonicalData.write(to: directory.appendingPathComponent(c.name + ".json"))
        }
    }

    static let sources: [(String, String, [String], [String])] = [
        (
            "read_file",
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "path": {"type": "string", "minLength": 1, "maxLength": 4096, "pattern": "^(/|\\./)[^\\u0000]*$"},
               "encoding": {"enum": ["utf-8", "latin-1", "base64"], "default": "utf-8"},
               "range": {"$ref": "#/$defs/lineRange"},
               "follow_symlinks": {"type": "boolean"}},
             "required": ["path"], "additionalProperties": false,
             "$defs": {"lineRange": {"type": "object",
               "properties": {"start": {"type": "integer", "minimum": 1}, "end": {"type": "integer", "minimum": 1}},
               "required": ["start"], "additionalProperties": false}}}
            """#,
            [
                #"{"path": "/etc/hosts"}"#,
                #"{"path": "./src/main.swift", "encoding": "utf-8", "range": {"start": 10, "end": 40}}"#,
                #"{"path": "/var/log/syslog", "follow_symlinks": false, "range": {"start": 1}}"#,
            ],
            [
                #"{"path": "etc/hosts"}"#,
                #"{"path": "/x", "encoding": "utf-16", "range": {"start": 0}}"#,
            ]
        ),
        (
            "http_request",
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
               "method": {"enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]},
               "headers": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 8192},
                           "propertyNames": {"pattern": "^[A-Za-z0-9-]+$"}},
               "body": {"oneOf": [{"type": "string"}, {"type": "object"}, {"type": "null"}]},
               "timeout_ms": {"type": "integer", "minimum": 1, "maximum": 120000},
               "retries": {"type": "integer", "minimum": 0, "maximum": 5}},
             "required": ["url", "method"], "additionalProperties": false}
            """#,
            [
                #"{"url": "https://api.example.com/v1/items", "method": "GET"}"#,
                #"{"url": "https://api.example.com/v1/items", "method": "POST", "headers": {"Content-Type": "application/json", "X-Request-Id": "abc-123"}, "body": {"name": "widget", "qty": 3}, "timeout_ms": 5000}"#,
                #"{"url": "http://localhost:8080/health", "method": "HEAD", "retries": 2, "body": null}"#,
            ],
            [
                #"{"url": "ftp://example.com", "method": "GET"}"#,
                #"{"url": "https://example.com", "method": "FETCH", "timeout_ms": 0, "headers": {"Bad Header": "x"}}"#,
            ]
        ),
        (
            "sql_query",
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "database": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,62}$"},
               "query": {"type": "string", "minLength": 1, "maxLength": 100000},
               "params": {"type": "array", "maxItems": 100,
                          "items": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "null"}]}},
               "limit": {"type": "integer", "minimum": 1, "maximum": 10000},
               "read_only": {"const": true}},
             "required": ["database", "query"], "additionalProperties": false}
            """#,
            [
                #"{"database": "analytics", "query": "SELECT * FROM events WHERE id = ?", "params": [42], "limit": 100, "read_only": true}"#,
                #"{"database": "crm_prod", "query": "SELECT name FROM accounts WHERE region = ? AND active = ?", "params": ["emea", true, null, 3.5]}"#,
                #"{"database": "a1", "query": "SELECT 1"}"#,
            ],
            [
                #"{"database": "Analytics", "query": ""}"#,
                #"{"database": "analytics", "query": "SELECT 1", "params": [{"x": 1}], "read_only": false}"#,
            ]
        ),
        (
            "create_issue",
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "repository": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"},
               "title": {"type": "string", "minLength": 1, "maxLength": 256},
               "body": {"type": "string", "maxLength": 65536},
               "labels": {"type": "array", "uniqueItems": true, "maxItems": 20,
                          "items": {"enum": ["bug", "feature", "docs", "security", "performance", "question"]}},
               "assignees": {"type": "array", "items": {"$ref": "#/$defs/login"}, "maxItems": 10},
               "priority": {"enum": ["low", "medium", "high", "critical"]},
               "milestone": {"type": ["integer", "null"], "minimum": 1}},
             "required": ["repository", "title"], "additionalProperties": false,
             "$defs": {"login": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,39}$"}}}
            """#,
            [
                #"{"repository": "acme/widgets", "title": "Crash on start", "body": "Steps to reproduce:\n1. run\n2. crash", "labels": ["bug", "security"], "assignees": ["alice", "bob-2"], "priority": "high"}"#,
                #"{"repository": "acme/docs", "title": "Typo", "milestone": null}"#,
                #"{"repository": "org.name/repo_1", "title": "Speed up search", "labels": ["performance"], "milestone": 12}"#,
            ],
            [
                #"{"repository": "acme", "title": "x", "labels": ["bug", "bug"]}"#,
                #"{"repository": "acme/widgets", "title": "", "assignees": ["not a login!"], "priority": "urgent"}"#,
            ]
        ),
        (
            "search_documents",
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "query": {"type": "string", "minLength": 1, "maxLength": 1000},
               "top_k": {"type": "integer", "minimum": 1, "maximum": 100},
               "filters": {"type": "object",
                 "properties": {
                   "date_from": {"$ref": "#/$defs/date"},
                   "date_to": {"$ref": "#/$defs/date"},
                   "authors": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                   "must": {"type": "array", "items": {"$ref": "#/$defs/clause"}},
                   "must_not": {"type": "array", "items": {"$ref": "#/$defs/clause"}}},
                 "additionalProperties": false},
               "highlight": {"type": "boolean"}},
             "required": ["query"],
             "$defs": {
               "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
               "clause": {"type": "object",
                 "properties": {"field": {"type": "string", "enum": ["title", "body", "tags", "author"]},
                                "op": {"enum": ["eq", "contains", "prefix"]},
                                "value": {"type": ["string", "number", "boolean"]}},
                 "required": ["field", "op", "value"], "additionalProperties": false}}}
            """#,
            [
                #"{"query": "quarterly revenue", "top_k": 10}"#,
                #"{"query": "incident report", "filters": {"date_from": "2024-01-01", "date_to": "2024-06-30", "authors": ["ops"], "must": [{"field": "tags", "op": "eq", "value": "sev1"}, {"field": "title", "op": "contains", "value": "outage"}], "must_not": [{"field": "author", "op": "eq", "value": "bot"}]}, "highlight": true}"#,
                #"{"query": "x", "filters": {}}"#,
            ],
            [
                #"{"query": "q", "filters": {"date_from": "01/02/2024", "must": [{"field": "title", "op": "eq"}]}}"#,
                #"{"query": "", "top_k": 1000}"#,
            ]
        ),
        (
            "send_email",
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "to": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"$ref": "#/$defs/address"}},
               "cc": {"type": "array", "items": {"$ref": "#/$defs/address"}},
               "subject": {"type": "string", "minLength": 1, "maxLength": 998},
               "body": {"type": "string"},
               "html": {"type": "boolean"},
               "attachments": {"type": "array", "items": {"$ref": "#/$defs/attachment"}, "maxItems": 10},
               "reply_to_message_id": {"type": "string"},
               "thread_id": {"type": "string"}},
             "required": ["to", "subject", "body"], "additionalProperties": false,
             "dependentRequired": {"reply_to_message_id": ["thread_id"]},
             "$defs": {
               "address": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "maxLength": 254},
               "attachment": {"type": "object",
                 "properties": {"filename": {"type": "string", "minLength": 1},
                                "content_type": {"type": "string", "pattern": "^[a-z]+/[a-z0-9.+-]+$"},
                                "size": {"type": "integer", "minimum": 0, "maximum": 26214400}},
                 "required": ["filename", "content_type"]}}}
            """#,
            [
                #"{"to": ["alice@example.com"], "subject": "Hello", "body": "Hi Alice"}"#,
                #"{"to": ["a@example.com", "b@example.org"], "cc": ["c@example.net"], "subject": "Report", "body": "<p>See attached</p>", "html": true, "attachments": [{"filename": "report.pdf", "content_type": "application/pdf", "size": 123456}]}"#,
                #"{"to": ["x@y.io"], "subject": "Re: plan", "body": "ok", "reply_to_message_id": "m1", "thread_id": "t1"}"#,
            ],
            [
                #"{"to": [], "subject": "Hello", "body": "x"}"#,
                #"{"to": ["not-an-email"], "subject": "s", "body": "b", "reply_to_message_id": "m1", "attachments": [{"filename": "a"}]}"#,
            ]
        ),
        (
            "calendar_event",
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "title": {"type": "string", "minLength": 1, "maxLength": 200},
               "start": {"$ref": "#/$defs/timestamp"},
               "end": {"$ref": "#/$defs/timestamp"},
               "all_day": {"type": "boolean"},
               "attendees": {"type": "array", "items": {"$ref": "#/$defs/attendee"}, "uniqueItems": true},
               "recurrence": {"type": "object",
                 "properties": {"freq": {"enum": ["daily", "weekly", "monthly"]},
                                "interval": {"type": "integer", "minimum": 1, "maximum": 365},
                                "by_day": {"type": "array", "items": {"enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}}},
                 "required": ["freq"],
                 "if": {"properties": {"freq": {"const": "weekly"}}},
                 "then": {"required": ["by_day"]}},
               "location": {"type": "string"}},
             "required": ["title", "start"],
             "$defs": {
               "timestamp": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})$"},
               "attendee": {"type": "object",
                 "properties": {"email": {"type": "string", "minLength": 3}, "optional": {"type": "boolean"},
                                "role": {"enum": ["chair", "required", "optional"]}},
                 "required": ["email"], "additionalProperties": false}}}
            """#,
            [
                #"{"title": "Standup", "start": "2024-05-01T09:00Z", "end": "2024-05-01T09:15Z", "recurrence": {"freq": "weekly", "by_day": ["MO", "WE", "FR"], "interval": 1}, "attendees": [{"email": "a@x.io"}, {"email": "b@x.io", "optional": true, "role": "optional"}]}"#,
                #"{"title": "Offsite", "start": "2024-06-10T08:00:00+02:00", "all_day": true, "location": "Lisbon"}"#,
                #"{"title": "Review", "start": "2024-07-01T14:30Z", "recurrence": {"freq": "monthly"}}"#,
            ],
            [
                #"{"title": "Standup", "start": "tomorrow 9am", "recurrence": {"freq": "weekly"}}"#,
                #"{"title": "x", "start": "2024-05-01T09:00Z", "attendees": [{"email": "a@x.io"}, {"email": "a@x.io"}, {"name": "no email"}]}"#,
            ]
        ),
        (
            "deploy_service",
            #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "service": {"type": "string", "pattern": "^[a-z][a-z0-9-]{2,40}$"},
               "environment": {"enum": ["dev", "staging", "prod"]},
               "image": {"type": "string", "pattern": "^[a-z0-9./-]+:[A-Za-z0-9._-]+$"},
               "replicas": {"type": "integer", "minimum": 1, "maximum": 100},
               "env": {"type": "object", "patternProperties": {"^[A-Z_][A-Z0-9_]*$": {"type": "string"}},
                       "additionalProperties": false},
               "resources": {"type": "object",
                 "properties": {"cpu": {"type": "number", "exclusiveMinimum": 0, "maximum": 64, "multipleOf": 0.25},
                                "memory_mb": {"type": "integer", "minimum": 64, "maximum": 262144}},
                 "required": ["cpu", "memory_mb"]},
               "ports": {"type": "array", "items": {"type": "object",
                 "properties": {"port": {"type": "integer", "minimum": 1, "maximum": 65535},
                                "protocol": {"enum": ["tcp", "udp"]}},
                 "required": ["port"]}},
               "approval": {"type": "string"}},
             "required": ["service", "environment", "image"],
             "allOf": [{"if": {"properties": {"environment": {"const": "prod"}}, "required": ["environment"]},
                        "then": {"required": ["approval"], "properties": {"replicas": {"minimum": 2}}}}],
             "unevaluatedProperties": false}
            """#,
            [
                #"{"service": "billing-api", "environment": "staging", "image": "registry.local/billing:1.4.2", "replicas": 2, "env": {"LOG_LEVEL": "info", "DB_POOL": "10"}, "resources": {"cpu": 1.5, "memory_mb": 2048}, "ports": [{"port": 8080, "protocol": "tcp"}]}"#,
                #"{"service": "web", "environment": "prod", "image": "web:2024.05.01", "replicas": 4, "approval": "CAB-1234"}"#,
                #"{"service": "worker-7", "environment": "dev", "image": "worker:latest"}"#,
            ],
            [
                #"{"service": "web", "environment": "prod", "image": "web:1", "replicas": 1}"#,
                #"{"service": "Bad_Name", "environment": "qa", "image": "x", "env": {"lower": "x"}, "resources": {"cpu": 0.3}, "extra": true}"#,
            ]
        ),
    ]
}

/// A small fixed-seed generator so the corpus is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
