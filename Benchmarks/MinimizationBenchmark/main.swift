import Foundation
import JSONSchema
import WardenCore

// Usage: MinimizationBenchmark [--seconds N]
// Minimizes a realistic ~4 KB A2A message (a text part with PII in prose, a data part with marked fields)
// and prints ns/op and MB/s (of the message's canonical JSON) for three receivers.

let arguments = Array(CommandLine.arguments.dropFirst())
let seconds = arguments.firstIndex(of: "--seconds").flatMap { i in i + 1 < arguments.count ? Double(arguments[i + 1]) : nil } ?? 2

let schema = try JSONValue.parse(#"""
{
  "type": "object",
  "properties": {
    "kind": {"x-sensitivity": "public"}, "messageId": {"x-sensitivity": "public"}, "role": {"x-sensitivity": "public"},
    "contextId": {"x-sensitivity": "public"},
    "parts": {"type": "array", "items": {"$ref": "#/$defs/part"}}
  },
  "$defs": {
    "part": {
      "type": "object",
      "properties": {"kind": {"x-sensitivity": "public"}, "text": {"x-sensitivity": "internal"}, "data": {"$ref": "#/$defs/order"}}
    },
    "order": {
      "type": "object",
      "properties": {
        "orderId": {"x-sensitivity": "public"},
        "customer": {"type": "object", "properties": {
          "name": {"x-pii": true}, "email": {"x-pii": true},
          "address": {"x-sensitivity": "confidential", "x-pii": true}, "segment": {"x-sensitivity": "public"}
        }},
        "payment": {"type": "object", "x-sensitivity": "restricted"},
        "items": {"type": "array", "items": {"type": "object", "x-sensitivity": "public"}},
        "notes": {"type": "string", "x-sensitivity": "internal"}
      }
    }
  }
}
"""#)

let prose = """
    Hello team, following up on yesterday's call about the delayed shipment for the Rotterdam warehouse. \
    The customer asked us to confirm the new delivery window before 2024-06-14T09:00:00Z and to send the \
    revised invoice (version 2.3.1) to their accounts payable contact at ap.team@example-logistics.com. \
    If anything is unclear they can be reached on +31 20 794 6095 during office hours, or by fax at \
    (555) 123-4567. We have already refunded 3 of the 12 damaged pallets; the remaining 9 pallets are on \
    truck 4471 which left the depot at 10:45. Order totals: 18,450.00 EUR before tax, 22,324.50 EUR after. \
    Please do not share the account details outside the finance channel. Reference numbers for the claim \
    are CLM-2024-0613-77 and CLM-2024-0613-78, and the carrier's tracking ids are 1Z999AA10123456784 and \
    1Z999AA10123456785. Thanks, and let me know if the customer needs anything else from our side.
    """

var items: [JSONValue] = []
for i in 0..<22 {
    items.append(["sku": .string("SKU-\(10_000 + i)"), "description": .string("Pallet of item \(i), standard packaging"),
                  "quantity": .number(JSONNumber(i + 1)), "unitPrice": .number(JSONNumber(Double(i) * 12.5 + 99.99))])
}
let message: JSONValue = [
    "kind": "message", "messageId": "9f1c2d3e-4b5a-6789-abcd-ef0123456789", "role": "user",
    "contextId": "ctx-2024-06-13-rotterdam",
    "parts": [
        ["kind": "text", "text": .string(prose)],
        ["kind": "text", "text": """
            Second note: the finance team confirmed the credit for the damaged goods will be issued this week. \
            Until then, please keep the shipment on hold at bay 7 and log any further damage with photos. \
            Contact for questions: logistics.desk@example-logistics.com or the 24/7 line 0800 123 4567.
            """],
        ["kind": "data", "data": [
            "orderId": "ORD-2024-061301",
            "customer": ["name": "Jan de Vries", "email": "jan.devries@example.nl", "segment": "enterprise",
                         "address": ["street": "Keizersgracht 123", "city": "Amsterdam", "postcode": "1015 CJ"]],
            "payment": ["card": "4111 1111 1111 1111", "iban": "NL91 ABNA 0417 1643 00", "holder": "J. de Vries"],
            "items": .array(items),
            "notes": "Call the customer on 06 12 34 56 78 before delivery; invoice to jan.devries@example.nl.",
        ]],
    ],
]

func nanoseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9 }

let size = message.canonicalBytes.count
let clock = ContinuousClock()
let compileTime = clock.measure { for _ in 0..<100 { _ = try? SensitivityMap(schema: schema) } } / 100
let map = try SensitivityMap(schema: schema)
let minimizer = DataMinimizer(policy: MinimizationPolicy(residency: [.restricted: ["eu-west"]]))

print("message: \(size) bytes of canonical JSON; map compiled in \(compileTime)")
let receivers: [(String, DataClearance)] = [
    ("internal, not cleared for PII", DataClearance(maxLevel: .internal, region: "us-east")),
    ("confidential, cleared for PII", DataClearance(maxLevel: .confidential, piiCleared: true, region: "us-east")),
    ("restricted, cleared for PII (nothing to do)", DataClearance(maxLevel: .restricted, piiCleared: true, region: "eu-west")),
]
for (name, clearance) in receivers {
    let sample = try minimizer.minimize(message, map: map, for: clearance)
    var runs = 0
    var sink = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<100 { sink &+= try minimizer.minimize(message, map: map, for: clearance).report.maskedPointers.count }
        runs += 100
        elapsed = clock.now - start
    }
    let perOp = nanoseconds(elapsed) / Double(runs)
    let mbPerSecond = Double(size) / perOp * 1e9 / 1_000_000
    let label = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print(label + String(format: " %8.0f ns/op %7.1f MB/s  (masked %d, removed %d, PII %@)", perOp, mbPerSecond,
                 sample.report.maskedPointers.count, sample.report.removedPointers.count,
                 sample.report.piiFindings.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ") as NSString))
    if sink < 0 { print(sink) }
}

// The floor: the canonical JSON and SHA-256 that every minimization computes of its input.
var digestRuns = 0
let digestStart = clock.now
while clock.now - digestStart < .seconds(seconds / 2) {
    for _ in 0..<100 { digestRuns += Digest.sha256Hex(message.canonicalBytes).count > 0 ? 1 : 0 }
}
let digestNs = nanoseconds(clock.now - digestStart) / Double(digestRuns)
print("canonical JSON + SHA-256 of the input alone".padding(toLength: 44, withPad: " ", startingAt: 0)
    + String(format: " %8.0f ns/op %7.1f MB/s", digestNs, Double(size) / digestNs * 1e3))

let scanner = PIIScanner()
var found = 0
let scanRuns = 20_000
let scanTime = clock.measure { for _ in 0..<scanRuns { found &+= scanner.findings(in: prose).count } }
let scanNs = nanoseconds(scanTime) / Double(scanRuns)
print(String(format: "PIIScanner alone on the %d-byte prose: %.0f ns/op, %.1f MB/s (%d findings)", prose.utf8.count, scanNs,
             Double(prose.utf8.count) / scanNs * 1e3, found / scanRuns))
