import Foundation

/// Internationalized host names (RFC 5890–5893): Punycode, the IDNA2008 code point rules,
/// contextual rules and the Bidi rule, as the `hostname` and `idn-hostname` formats need them.
///
/// Swift exposes no Bidi or script properties, so those come from the block ranges of the scripts
/// the rules name; this is an approximation, exact for the common scripts.
enum IDNA {
    // MARK: Punycode (RFC 3492)

    private static let base: UInt32 = 36, tMin: UInt32 = 1, tMax: UInt32 = 26, skew: UInt32 = 38, damp: UInt32 = 700

    private static func adapt(_ delta: UInt32, _ count: UInt32, _ first: Bool) -> UInt32 {
        var d = first ? delta / damp : delta / 2
        d += d / count
        var k: UInt32 = 0
        while d > ((base - tMin) * tMax) / 2 {
            d /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * d / (d + skew)
    }

    /// Decodes the part of an A-label after `xn--`.
    static func punycodeDecode(_ input: [UInt8]) -> [UInt32]? {
        var output: [UInt32] = []
        var pos = 0
        if let dash = input.lastIndex(of: UInt8(ascii: "-")) {
            for b in input[..<dash] {
                guard b < 0x80 else { return nil }
                output.append(UInt32(b))
            }
            pos = dash + 1
        }
        var n: UInt32 = 128, i: UInt32 = 0, bias: UInt32 = 72
        while pos < input.count {
            let oldI = i
            var w: UInt32 = 1
            var k = base
            while true {
                guard pos < input.count else { return nil }
                let c = input[pos]
                pos += 1
                let digit: UInt32
                switch c {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt32(c - UInt8(ascii: "a"))
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt32(c - UInt8(ascii: "A"))
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0")) + 26
                default: return nil
                }
                let (m, o1) = digit.multipliedReportingOverflow(by: w)
                let (s, o2) = i.addingReportingOverflow(m)
                guard !o1, !o2 else { return nil }
                i = s
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (w2, o3) = w.multipliedReportingOverflow(by: base - t)
                guard !o3 else { return nil }
                w = w2
                k += base
            }
            let count = UInt32(output.count + 1)
            bias = adapt(i - oldI, count, oldI == 0)
            let (n2, o) = n.addingReportingOverflow(i / count)
            guard !o, n2 <= 0x10FFFF else { return nil }
            n = n2
            i %= count
            output.insert(n, at: Int(i))
            i += 1
        }
        return output
    }

    /// Encodes code points as Punycode (without the `xn--` prefix).
    static func punycodeEncode(_ input: [UInt32]) -> [UInt8]? {
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let b = UInt32(output.count)
        var h = b
        if b > 0 { output.append(UInt8(ascii: "-")) }
        var n: UInt32 = 128, delta: UInt32 = 0, bias: UInt32 = 72
        func digit(_ d: UInt32) -> UInt8 { d < 26 ? UInt8(d) + UInt8(ascii: "a") : UInt8(d - 26) + UInt8(ascii: "0") }
        while h < UInt32(input.count) {
            guard let m = input.filter({ $0 >= n }).min() else { return nil }
            let (step, o1) = (m - n).multipliedReportingOverflow(by: h + 1)
            let (d2, o2) = delta.addingReportingOverflow(step)
            guard !o1, !o2 else { return nil }
            delta = d2
            n = m
            for c in input {
                if c < n {
                    delta += 1
                }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, h + 1, h == b)
                    delta = 0
                    h += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }

    // MARK: host names

    private static func isLDH(_ c: UInt32) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2D
    }

    /// Validates a host name; `allowUnicode` accepts U-labels and the IDN label separators.
    static func isValidHostname(_ s: String, allowUnicode: Bool) -> Bool {
        let separators: Set<UInt32> = allowUnicode ? [0x2E, 0x3002, 0xFF0E, 0xFF61] : [0x2E]
        var labels: [[UInt32]] = [[]]
        for u in s.unicodeScalars {
            if separators.contains(u.value) { labels.append([]) } else { labels[labels.count - 1].append(u.value) }
        }
        var uLabels: [[UInt32]] = []
        var asciiLength = labels.count - 1
        for label in labels {
            guard !label.isEmpty else { return false }
            if label.allSatisfy({ $0 < 0x80 }) {
                guard label.count <= 63, label.allSatisfy(isLDH), label.first != 0x2D, label.last != 0x2D else { return false }
                asciiLength += label.count
                let bytes = label.map { UInt8($0) }
                if bytes.count >= 4, bytes[2] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: "-") {
                    guard bytes[0] | 0x20 == UInt8(ascii: "x"), bytes[1] | 0x20 == UInt8(ascii: "n") else { return false }
                    let encoded = Array(bytes[4...])
                    guard let decoded = punycodeDecode(encoded), decoded.contains(where: { $0 >= 0x80 }),
                        let again = punycodeEncode(decoded),
                        again.elementsEqual(encoded.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
                    else { return false }
                    guard isValidULabel(decoded) else { return false }
                    uLabels.append(decoded)
                } else {
                    uLabels.append(label)
                }
            } else {
                guard allowUnicode, isValidULabel(label), let encoded = punycodeEncode(label), encoded.count + 4 <= 63 else {
                    return false
                }
                asciiLength += encoded.count + 4
                uLabels.append(label)
            }
        }
        guard asciiLength <= 253 else { return false }
        return satisfiesBidiRule(uLabels)
    }

    private static let exceptionsPVALID: Set<UInt32> = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007]
    private static let exceptionsDISALLOWED: Set<UInt32> = [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B]

    static func isValidULabel(_ label: [UInt32]) -> Bool {
        let scalars = label.compactMap(Unicode.Scalar.init)
        guard scalars.count == label.count, !label.isEmpty else { return false }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        let string = String(view)
        guard string.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(scalars) else { return false }
        if label.first == 0x2D || label.last == 0x2D { return false }
        if label.count >= 4, label[2] == 0x2D, label[3] == 0x2D { return false }
        if let first = scalars.first {
            switch first.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return false
            default: break
            }
        }
        for (i, s) in scalars.enumerated() {
            let c = s.value
            if exceptionsDISALLOWED.contains(c) { return false }
            if exceptionsPVALID.contains(c) { continue }
            switch c {
            case 0x00B7:
                guard i > 0, i + 1 < label.count, label[i - 1] == 0x6C, label[i + 1] == 0x6C else { return false }
                continue
            case 0x0375:
                guard i + 1 < label.count, isGreek(label[i + 1]) else { return false }
                continue
            case 0x05F3, 0x05F4:
                guard i > 0, isHebrew(label[i - 1]) else { return false }
                continue
            case 0x30FB:
                guard label.contains(where: { $0 != 0x30FB && (isHiraganaKatakana($0) || isHan($0)) }) else { return false }
                continue
            case 0x0660...0x0669:
                if label.contains(where: { (0x06F0...0x06F9).contains($0) }) { return false }
                continue
            case 0x06F0...0x06F9:
                if label.contains(where: { (0x0660...0x0669).contains($0) }) { return false }
                continue
            case 0x200D:
                guard i > 0, scalars[i - 1].properties.canonicalCombiningClass == .virama else { return false }
                continue
            case 0x200C:
                if i > 0, scalars[i - 1].properties.canonicalCombiningClass == .virama { continue }
                guard zwnjJoins(scalars, at: i) else { return false }
                continue
            case 0x61...0x7A, 0x30...0x39, 0x2D:
                continue
            default: break
            }
            let p = s.properties
            switch p.generalCategory {
            case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber: break
            default: return false
            }
            if p.changesWhenNFKCCaseFolded { return false }
        }
        return true
    }

    /// RFC 5892 A.1: a ZWNJ between a left- or dual-joining and a right- or dual-joining letter,
    /// with only transparent marks between.
    private static func zwnjJoins(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0, s[j].properties.generalCategory == .nonspacingMark { j -= 1 }
        guard j >= 0, isJoiningLetter(s[j]) else { return false }
        var k = i + 1
        while k < s.count, s[k].properties.generalCategory == .nonspacingMark { k += 1 }
        return k < s.count && isJoiningLetter(s[k])
    }

    private static func isJoiningLetter(_ s: Unicode.Scalar) -> Bool {
        let c = s.value
        let arabicOrSyriac = (0x0620...0x06FF).contains(c) || (0x0710...0x074F).contains(c) || (0x0750...0x077F).contains(c)
            || (0x08A0...0x08FF).contains(c) || (0x07CA...0x07EA).contains(c)
        return arabicOrSyriac && s.properties.generalCategory == .otherLetter
    }

    private static func isGreek(_ c: UInt32) -> Bool { (0x0370...0x03FF).contains(c) || (0x1F00...0x1FFF).contains(c) }
    private static func isHebrew(_ c: UInt32) -> Bool { (0x0590...0x05FF).contains(c) || (0xFB1D...0xFB4F).contains(c) }
    private static func isHiraganaKatakana(_ c: UInt32) -> Bool {
        (0x3040...0x30FF).contains(c) || (0x31F0...0x31FF).contains(c) || (0xFF66...0xFF9F).contains(c)
    }
    private static func isHan(_ c: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(c) || (0x3400...0x4DBF).contains(c) || (0x20000...0x2FA1F).contains(c)
            || (0xF900...0xFAFF).contains(c) || c == 0x3005 || c == 0x3007 || (0x3021...0x3029).contains(c)
    }

    // MARK: Bidi rule (RFC 5893)

    private enum BidiClass { case l, r, al, an, en, es, cs, et, on, bn, nsm }

    private static func bidiClass(_ c: UInt32) -> BidiClass {
        switch c {
        case 0x30...0x39, 0x06F0...0x06F9: return .en
        case 0x0660...0x0669, 0x066B, 0x066C: return .an
        case 0x2D, 0x2B: return .es
        case 0x2E, 0x2C, 0x3A, 0x2F: return .cs
        case 0x0590...0x05FF, 0x07C0...0x085F, 0xFB1D...0xFB4F:
            return Unicode.Scalar(c)?.properties.generalCategory == .nonspacingMark ? .nsm : .r
        case 0x0600...0x06FF, 0x0700...0x074F, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF:
            return Unicode.Scalar(c)?.properties.generalCategory == .nonspacingMark ? .nsm : .al
        default:
            guard let s = Unicode.Scalar(c) else { return .on }
            switch s.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: return .nsm
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .spacingMark,
                .decimalNumber, .letterNumber:
                return .l
            default: return .on
            }
        }
    }

    static func satisfiesBidiRule(_ labels: [[UInt32]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        let isBidiDomain = classes.contains { $0.contains { $0 == .r || $0 == .al || $0 == .an } }
        guard isBidiDomain else { return true }
        for label in classes {
            guard let first = label.first else { return false }
            let trimmed = label.reversed().drop { $0 == .nsm }
            guard let last = trimmed.first else { return false }
            switch first {
            case .r, .al:
                let allowed: Set<BidiClass> = [.r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard label.allSatisfy(allowed.contains), [.r, .al, .en, .an].contains(last) else { return false }
                if label.contains(.en) && label.contains(.an) { return false }
            case .l:
                let allowed: Set<BidiClass> = [.l, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard label.allSatisfy(allowed.contains), last == .l || last == .en else { return false }
            default:
                return false
            }
        }
        return true
    }
}
