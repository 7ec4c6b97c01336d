import Foundation
import Logging
import Testing
import WardenCore
@testable import WardenServer

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    @Test func oneObjectPerLineWithMetadataAndEscaping() throws {
        var handler = JSONLogHandler(label: "warden")
        handler[metadataKey: "instance"] = "a"
        let bytes = handler.encodedLine(level: .warning, message: "quote \" and\nnewline",
                                 metadata: ["requestId": "r-1", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "level": "spoofed"],
                                 at: Date(timeIntervalSince1970: 0))
        #expect(bytes.last == UInt8(ascii: "\n") && bytes.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") }, "exactly one line")
        let json = try JSONValue(parsing: Array(bytes.dropLast()))
        #expect(json["level"] == "warning", "metadata cannot overwrite the level")
        #expect(json["message"] == "quote \" and\nnewline")
        #expect(json["requestId"] == "r-1" && json["traceId"] == "4bf92f3577b34da6a3ce929d0e0e4736" && json["instance"] == "a")
        #expect(json["time"] == "1970-01-01T00:00:00.000Z" && json["logger"] == "warden")
    }
}
