/// Byte classes of the hand-written scanners (ASCII only; bytes of multi-byte UTF-8 sequences are ≥ 0x80).
enum ASCII {
    static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    static func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    static func uppercased(_ b: UInt8) -> UInt8 { isLetter(b) ? b & ~0x20 : b }
    static func lowercased(_ b: UInt8) -> UInt8 { isLetter(b) ? b | 0x20 : b }

    static let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), dot = UInt8(ascii: "."), space = UInt8(ascii: " ")
    static let slash = UInt8(ascii: "/"), colon = UInt8(ascii: ":"), comma = UInt8(ascii: ","), at = UInt8(ascii: "@")
    static let openParen = UInt8(ascii: "("), closeParen = UInt8(ascii: ")"), underscore = UInt8(ascii: "_")
}
