import Foundation
import JSONSchema

// Usage:
//   SchemaBenchmark                      run on the built-in corpus
//   SchemaBenchmark --write-corpus DIR   write the corpus as JSON files (for other validators)
//   SchemaBenchmark --corpus DIR         run on corpus files in DIR
//   --seconds N                          measuring time per mode (default 3)
//   --rounds N                           instead, run validate() over the corpus N times and exit
//   --rate-only                          print only the validate() rate (validations/s)
//   --count-allocations                  heap allocations per valid validation; needs a malloc
//                                        counter preloaded (LD_PRELOAD) that exports `malloc_count`

let arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

@MainActor func loadCases() throws -> [Corpus.Case] {
    guard let dir = option("--corpus") else { return try Corpus.build() }
    let url = URL(fileURLWithPath: dir)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
    return try names.map { name in
        let doc = try JSONValue(parsing: Data(contentsOf: url.appendingPathComponent(name)))
        let instances = (doc["instances"]?.arrayValue ?? []).map { ($0["data"] ?? .null, $0["valid"]?.boolValue ?? false) }
        return Corpus.Case(name: String(name.dropLast(5)), schema: doc["schema"] ?? true, instances: instances)
    }
}

do {
    if let dir = option("--write-corpus") {
        let cases = try Corpus.build()
        try Corpus.write(cases, to: URL(fileURLWithPath: dir))
        print("wrote \(cases.count) schemas, \(cases.reduce(0) { $0 + $1.instances.count }) instances to \(dir)")
        exit(0)
    }
    let seconds = Double(option("--seconds") ?? "3") ?? 3
    let rateOnly = arguments.contains("--rate-only")
    let cases = try loadCases()
    let compiled = try cases.map { c in (try SchemaValidator(schema: c.schema), c.instances) }

    // Sanity: the validator must agree with the corpus labels.
    for (c, (validator, instances)) in zip(cases, compiled) {
        for (i, (value, valid)) in instances.enumerated() where validator.validate(value).isValid != valid {
            FileHandle.standardError.write(Data("mismatch: \(c.name) instance \(i) expected \(valid)\n".utf8))
            exit(1)
        }
    }
    let perRound = compiled.reduce(0) { $0 + $1.1.count }

    if let rounds = option("--rounds").flatMap(Int.init) {
        var errors = 0
        for _ in 0..<rounds {
            for (validator, instances) in compiled {
                for (value, _) in instances { errors &+= validator.validate(value).errors.count }
            }
        }
        print("\(rounds * perRound) validations, \(errors) errors")
        exit(0)
    }

    if arguments.contains("--count-allocations") {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_count") else {
            print("no malloc counter loaded (LD_PRELOAD a library exporting malloc_count)")
            exit(1)
        }
        let mallocCount = unsafeBitCast(symbol, to: (@convention(c) () -> Int).self)
        for (c, (validator, instances)) in zip(cases, compiled) {
            for (i, (value, valid)) in instances.enumerated() where valid {
                _ = validator.validate(value)
                let before = mallocCount()
                for _ in 0..<1000 { _ = validator.validate(value) }
                let perCall = Double(mallocCount() - before) / 1000
                print("\(c.name)[\(i)]: \(perCall) allocations per validate()")
            }
        }
        exit(0)
    }

    func measure(_ body: () -> Int) -> Double {
        let clock = ContinuousClock()
        var count = 0
        var sink = 0
        let start = clock.now
        while clock.now - start < .milliseconds(Int64(seconds * 1000)) {
            sink &+= body()
            count += perRound
        }
        let elapsed = clock.now - start
        let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if sink == Int.min { print(sink) }
        return Double(count) / s
    }

    let full = measure {
        var errors = 0
        for (validator, instances) in compiled {
            for (value, _) in instances { errors &+= validator.validate(value).errors.count }
        }
        return errors
    }
    if rateOnly {
        print(String(format: "%.0f", full))
        exit(0)
    }
    let fast = measure {
        var valid = 0
        for (validator, instances) in compiled {
            for (value, _) in instances where validator.isValid(value) { valid += 1 }
        }
        return valid
    }
    print("corpus: \(cases.count) schemas, \(perRound) instances (\(cases.reduce(0) { $0 + $1.instances.filter(\.valid).count }) valid)")
    print(String(format: "swift validate(): %.0f validations/s", full))
    print(String(format: "swift isValid():  %.0f validations/s", fast))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
