package dev.wasmlet.runtime.internal.endive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreInstance;
import dev.wasmlet.runtime.engine.CoreModule;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.wasm.types.OpCode;

/** A module found in the compile cache is loaded without decoding the bodies of its compiled functions. */
class CachedModuleParserTest {
    /** Enough {@code i32.const 1; i32.add} for a method larger than the JVM allows: Endive interprets it. */
    private static final int ADDS = 40_000;

    /**
     * (import "env" "f" (func)) (func $big (param i32) (result i32) local.get 0 (i32.const 1 i32.add)*ADDS)
     * (func $small (param i32) (result i32) local.get 0 call $big i32.const 1 i32.add), both exported.
     */
    static byte[] moduleWithAnInterpretedFunction() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, new byte[] {2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 0, 0});
        section(out, 2, new byte[] {1, 3, 'e', 'n', 'v', 1, 'f', 0, 1});
        section(out, 3, new byte[] {2, 0, 0});
        section(out, 7, new byte[] {2, 3, 'b', 'i', 'g', 0, 1, 5, 's', 'm', 'a', 'l', 'l', 0, 2});
        var big = new ByteArrayOutputStream();
        big.writeBytes(new byte[] {0, 0x20, 0});
        for (int i = 0; i < ADDS; i++) {
            big.writeBytes(new byte[] {0x41, 1, 0x6a});
        }
        big.write(0x0b);
        byte[] small = {0, 0x20, 0, 0x10, 1, 0x41, 1, 0x6a, 0x0b};
        var code = new ByteArrayOutputStream();
        code.write(2);
        CachedModuleParser.writeLeb(code, big.size());
        code.writeBytes(big.toByteArray());
        CachedModuleParser.writeLeb(code, small.length);
        code.writeBytes(small);
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] contents) {
        CachedModuleParser.writeSection(out, id, contents, 0, contents.length);
    }

    @Test
    void decodesOnlyTheInterpretedBodies(@TempDir Path dir) {
        byte[] bytes = moduleWithAnInterpretedFunction();
        var cache = new DiskCache(dir.resolve("endive-1.0.0"));
        assertNull(CachedModuleParser.parseIfCached(bytes, cache), "not cached yet");
        new EndiveEngine(Optional.of(dir)).compile(bytes);

        int[] interpreted = InterpretedFunctions.of(assertNotNullBytes(cache, CachedModuleParser.digest(bytes)));
        assertArrayEquals(new int[] {1}, interpreted, "the import is function 0, $big function 1");
        var module = CachedModuleParser.parseIfCached(bytes, cache);
        assertNotNull(module);
        assertEquals(CachedModuleParser.digest(bytes), module.digest());
        assertEquals(2 + ADDS * 2, module.codeSection().getFunctionBody(0).instructions().size());
        assertEquals(OpCode.UNREACHABLE, module.codeSection().getFunctionBody(1).instructions().get(0).opcode(),
                "$small is compiled: its body is not decoded, and would trap if it ever ran interpreted");
    }

    private static byte[] assertNotNullBytes(DiskCache cache, String key) {
        try {
            byte[] bytes = cache.get(key);
            assertNotNull(bytes, "nothing cached under " + key);
            return bytes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCachedModuleRunsItsCompiledAndInterpretedFunctions(@TempDir Path dir) {
        byte[] bytes = moduleWithAnInterpretedFunction();
        for (int run = 0; run < 2; run++) { // the first compiles and caches, the second loads from the cache
            var engine = new EndiveEngine(Optional.of(dir));
            CoreModule module = engine.compile(bytes);
            CoreFunction f = engine.hostFunction(module.imports().get(0).functionType(), args -> new long[0]);
            CoreInstance instance = module.instantiate(engine.newStore(() -> Long.MAX_VALUE), List.of(f));
            assertArrayEquals(new long[] {5 + ADDS}, ((CoreFunction) instance.export("big")).call(5));
            assertArrayEquals(new long[] {5 + ADDS + 1}, ((CoreFunction) instance.export("small")).call(5));
        }
    }
}
