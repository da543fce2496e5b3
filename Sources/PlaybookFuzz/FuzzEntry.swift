// Fuzz targets for the YAML layer, the expression parser and the template scanner.
//
// Built normally, this is a replay driver: `PlaybookFuzz FILE|FOLDER…` runs every target on each
// input (the corpus and the regression inputs in fuzz/corpus). Built with libFuzzer (`make fuzz`:
// -sanitize=fuzzer -DFUZZING), libFuzzer provides `main` and drives `LLVMFuzzerTestOneInput`.
import Foundation

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        FuzzTargets.runAll(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: FuzzCallback
    ) -> CInt

    /// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer.
    @_cdecl("PlaybookFuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
    }
#else
    /// Replays files through every fuzz target.
    @main
    struct Replay {
        static func main() {
            var inputs = 0
            for path in CommandLine.arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                let directory = exists && isDirectory.boolValue
                let names = directory ? (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] : []
                let files = directory ? names.sorted().map { "\(path)/\($0)" } : [path]
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    FuzzTargets.runAll([UInt8](data))
                    inputs += 1
                }
            }
            print("replayed \(inputs) inputs through every fuzz target without a crash")
        }
    }
#endif
