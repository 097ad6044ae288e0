package dev.wasmlet.runtime.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.WasmletException;
import dev.wasmlet.runtime.engine.CoreEngine;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreInstance;
import dev.wasmlet.runtime.engine.CoreMemory;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.engine.HostFunctionBody;
import dev.wasmlet.runtime.host.Store;
import dev.wasmlet.runtime.internal.canon.CanonOptions;
import dev.wasmlet.runtime.internal.canon.CanonicalAbi;
import dev.wasmlet.runtime.internal.canon.ComponentInstanceState;
import dev.wasmlet.runtime.internal.canon.StringEncoding;
import dev.wasmlet.runtime.types.FlagsType;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.PrimitiveType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * flags with 33 labels. No component may declare them (flags33.wat: jco parse writes it, wasm-tools
 * validation and Wasmlet's parser refuse it), so they are covered at the ABI level: the core
 * module flags33-core.wat, lifted and lowered with {@link CanonicalAbi} directly. Wasmlet keeps
 * the pre-2024 rule for more than 32 flags: one i32 per 32 labels, flat and in memory.
 */
class Flags33Test {
    private static final List<String> LABELS = labels(33);
    private static final FlagsType F33 = new FlagsType(LABELS);
    private static final FuncType ECHO = new FuncType(List.of(new FuncType.Param("v", F33)), List.of(F33));

    private static List<String> labels(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("f" + i);
        }
        return l;
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }

    @Test
    void aComponentCannotDeclareThem() {
        var e = assertThrows(WasmletException.class, () -> Abi.RUNTIME.load(Abi.bytes("flags33.wasm"), "flags33.wasm"));
        assertTrue(e.getMessage().contains("a flags type needs 1 to 32 labels, not 33"), e.getMessage());
    }

    @Test
    void layout() {
        assertEquals(List.of(CoreValType.I32, CoreValType.I32), CanonicalAbi.flatten(F33));
        assertEquals(8, CanonicalAbi.elemSize(F33));
        assertEquals(4, CanonicalAbi.alignment(F33));
    }

    /** The core module with its import "host" "echo" lowered from {@code host}. */
    private static final class Guest {
        final List<BitSet> seen = new ArrayList<>();
        final ComponentInstanceState state = new ComponentInstanceState("flags33");
        final CoreInstance core;
        final CanonOptions opts;

        Guest() {
            CoreEngine engine = Abi.RUNTIME.engine();
            ComponentFunction host = new ComponentFunction() {
                @Override
                public FuncType type() {
                    return ECHO;
                }

                @Override
                public Object[] call(Object... args) {
                    seen.add((BitSet) args[0]);
                    return args;
                }
            };
            HostFunctionBody[] lowered = new HostFunctionBody[1];
            CoreFunction hostFunction = engine.hostFunction(CanonicalAbi.flattenLowered(ECHO),
                    args -> lowered[0].call(args));
            core = engine.compile(Abi.bytes("flags33-core.wasm"))
                    .instantiate(engine.newStore(() -> Store.NO_INTERRUPT), List.of(hostFunction));
            opts = new CanonOptions((CoreMemory) core.export("mem"), (CoreFunction) core.export("realloc"),
                    StringEncoding.UTF8, null);
            lowered[0] = CanonicalAbi.lower("host#echo", ECHO, host, opts, state);
        }

        ComponentFunction lift(String name) {
            return CanonicalAbi.lift("flags33#" + name, ECHO, (CoreFunction) core.export(name), opts, state);
        }

        long words() {
            return ((CoreFunction) core.export("words")).call()[0];
        }
    }

    @Test
    void bothWays() {
        Guest guest = new Guest();
        ComponentFunction echo = guest.lift("echo");
        ComponentFunction call = guest.lift("call");
        BitSet all = new BitSet();
        all.set(0, 33);
        for (BitSet b : List.of(bits(), bits(0), bits(31), bits(32), bits(0, 31, 32), bits(5, 16, 30), all)) {
            assertEquals(b, echo.call(b)[0], "echo " + b);
            guest.seen.clear();
            assertEquals(b, call.call(b)[0], "call " + b);
            assertEquals(List.of(b), guest.seen);
        }
        call.call(bits(0, 31, 32));
        assertEquals(0x1_8000_0001L, guest.words(), "label 32 is bit 0 of the second word");
    }

    @Test
    void bitsBeyondTheLabelsAreIgnoredWhenLifting() {
        Guest guest = new Guest();
        // The core echo lifted as func(lo: u32, hi: u32) -> flags: the host picks the raw words.
        FuncType words = new FuncType(List.of(new FuncType.Param("lo", PrimitiveType.U32),
                new FuncType.Param("hi", PrimitiveType.U32)), List.of(F33));
        ComponentFunction raw = CanonicalAbi.lift("flags33#raw", words, (CoreFunction) guest.core.export("echo"),
                guest.opts, guest.state);
        BitSet all = new BitSet();
        all.set(0, 33);
        assertEquals(all, raw.call(-1, -1)[0]);
        assertEquals(bits(1), raw.call(2, 0xFFFFFFFE)[0]);
    }
}
