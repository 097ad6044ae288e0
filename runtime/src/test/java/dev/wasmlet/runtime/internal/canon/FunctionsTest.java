package dev.wasmlet.runtime.internal.canon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmlet.runtime.ComponentFunction;
import dev.wasmlet.runtime.GuestTrapException;
import dev.wasmlet.runtime.InvalidComponentException;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreFunction;
import dev.wasmlet.runtime.engine.CoreTrap;
import dev.wasmlet.runtime.engine.CoreValType;
import dev.wasmlet.runtime.engine.HostFunctionBody;
import dev.wasmlet.runtime.types.BorrowType;
import dev.wasmlet.runtime.types.FuncType;
import dev.wasmlet.runtime.types.OptionType;
import dev.wasmlet.runtime.types.PrimitiveType;
import dev.wasmlet.runtime.types.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionsTest {
    private final Guest g = new Guest(StringEncoding.UTF8);

    private static final FuncType U32_STRING_TO_U32 = new FuncType(List.of(new FuncType.Param("a", PrimitiveType.U32),
            new FuncType.Param("s", PrimitiveType.STRING)), List.of(PrimitiveType.U32));

    private String readUtf8(long ptr, long len) {
        return new String(g.memory.read((int) ptr, (int) len), StandardCharsets.UTF_8);
    }

    @Test
    void liftPassesFlatArgumentsAndLiftsTheFlatResult() {
        CoreFunction callee = Guest.core(CanonicalAbi.flattenLifted(U32_STRING_TO_U32),
                a -> new long[] {a[0] + readUtf8(a[1], a[2]).length()});
        ComponentFunction f = CanonicalAbi.lift("f", U32_STRING_TO_U32, callee, g.opts, g.inst);
        assertArrayEquals(new Object[] {5 + 5}, f.call(5, "héllo"));
        assertEquals(U32_STRING_TO_U32, f.type());
    }

    @Test
    void moreThanSixteenFlatParamsGoThroughMemoryAllocatedWithRealloc() {
        FuncType t = Guest.func(Collections.nCopies(17, PrimitiveType.U32), List.of(PrimitiveType.U64));
        CoreFunction callee = Guest.core(CanonicalAbi.flattenLifted(t), a -> {
            long sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += g.memory.readInt((int) a[0] + 4 * i);
            }
            return new long[] {sum};
        });
        ComponentFunction f = CanonicalAbi.lift("f", t, callee, g.opts, g.inst);
        Object[] args = new Object[17];
        for (int i = 0; i < 17; i++) {
            args[i] = i + 1;
        }
        assertArrayEquals(new Object[] {153L}, f.call(args));
        assertArrayEquals(new long[] {0, 0, 4, 68}, g.realloc.calls.get(0));

        // and lowered: the guest passes a pointer to the parameter tuple
        Object[][] seen = new Object[1][];
        HostFunctionBody body = CanonicalAbi.lower("h", t, Guest.host(t, a -> {
            seen[0] = a;
            return new Object[] {-1L};
        }), g.opts, g.inst);
        int p = g.alloc(4, 68);
        for (int i = 0; i < 17; i++) {
            g.memory.writeInt(p + 4 * i, 100 + i);
        }
        assertArrayEquals(new long[] {-1}, body.call(new long[] {p}));
        assertEquals(116, seen[0][16]);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> body.call(new long[] {p + 2}));
        assertEquals("h: parameter tuple pointer 0x" + Integer.toHexString(p + 2) + " not aligned to 4", e.getMessage());
    }

    @Test
    void moreThanOneFlatResultComesBackThroughMemoryThenPostReturnRuns() {
        FuncType t = Guest.func(List.of(), List.of(PrimitiveType.U32, PrimitiveType.STRING));
        int[] postReturns = {0};
        CoreFunction callee = Guest.core(CanonicalAbi.flattenLifted(t), a -> {
            int s = g.alloc(1, 3);
            g.memory.write(s, "abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
            int r = g.alloc(4, 12);
            g.memory.writeInt(r, 42);
            g.memory.writeInt(r + 4, s);
            g.memory.writeInt(r + 8, 3);
            return new long[] {r};
        });
        CoreFunction postReturn = Guest.core(new CoreFuncType(List.of(CoreValType.I32), List.of()), a -> {
            postReturns[0]++;
            int r = (int) a[0];
            g.memory.write(g.memory.readInt(r + 4), new byte[] {'x', 'x', 'x'}, 0, 3);
            return new long[0];
        });
        ComponentFunction f = CanonicalAbi.lift("f", t, callee, g.opts(postReturn), g.inst);
        assertArrayEquals(new Object[] {42, "abc"}, f.call());
        assertEquals(1, postReturns[0]);

        // lowered: the guest passes a return pointer
        HostFunctionBody body = CanonicalAbi.lower("h", t, Guest.host(t, a -> new Object[] {7, "yz"}), g.opts, g.inst);
        assertEquals(new CoreFuncType(List.of(CoreValType.I32), List.of()), CanonicalAbi.flattenLowered(t));
        int ret = g.alloc(4, 12);
        assertArrayEquals(new long[0], body.call(new long[] {ret}));
        assertEquals(7, g.memory.readInt(ret));
        assertEquals("yz", readUtf8(g.memory.readInt(ret + 4), g.memory.readInt(ret + 8)));
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> body.call(new long[] {0xFFFC}));
        assertEquals("h: return of 12 bytes at 0xfffc out of bounds of memory (65536 bytes)", e.getMessage());
        // after a trap the instance is locked down (may_leave stays false): check on a fresh one
        Guest fresh = new Guest(StringEncoding.UTF8);
        HostFunctionBody body2 = CanonicalAbi.lower("h", t, Guest.host(t, a -> new Object[] {7, "yz"}), fresh.opts,
                fresh.inst);
        e = assertThrows(GuestTrapException.class, () -> body2.call(new long[] {0x1001}));
        assertEquals("h: return pointer 0x1001 not aligned to 4", e.getMessage());
    }

    @Test
    void misalignedResultPointerTrapsAndPoisonsTheInstance() {
        FuncType t = Guest.func(List.of(), List.of(PrimitiveType.STRING));
        ComponentFunction f = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t),
                a -> new long[] {0x1001}), g.opts, g.inst);
        GuestTrapException e = assertThrows(GuestTrapException.class, f::call);
        assertEquals("f: result tuple pointer 0x1001 not aligned to 4", e.getMessage());
        assertTrue(g.inst.poisoned());
        e = assertThrows(GuestTrapException.class, f::call);
        assertEquals("f: component instance guest trapped earlier and cannot be entered again", e.getMessage());
    }

    @Test
    void coreTrapsBecomeGuestTrapsNamingTheFunction() {
        FuncType t = Guest.func(List.of(), List.of());
        ComponentFunction f = CanonicalAbi.lift("wasi:http/incoming-handler#handle", t,
                Guest.core(CanonicalAbi.flattenLifted(t), a -> {
                    throw new CoreTrap("unreachable");
                }), CanonOptions.NONE, g.inst);
        GuestTrapException e = assertThrows(GuestTrapException.class, f::call);
        assertEquals("wasi:http/incoming-handler#handle: unreachable", e.getMessage());
        assertFalse(g.inst.mayEnter());
    }

    @Test
    void anInstanceCannotBeReenteredWhileItCallsAnImport() {
        FuncType t = Guest.func(List.of(), List.of());
        ComponentFunction[] export = new ComponentFunction[1];
        HostFunctionBody imp = CanonicalAbi.lower("imp", t, Guest.host(t, a -> export[0].call()), g.opts, g.inst);
        export[0] = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t), imp), g.opts, g.inst);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> export[0].call());
        assertEquals("f: component instance guest cannot be entered while it is calling an import (no reentrance)",
                e.getMessage());
        assertTrue(g.inst.poisoned());
    }

    @Test
    void aParentCallingItsChildMayBeCalledBack() {
        FuncType t = Guest.func(List.of(), List.of(PrimitiveType.U32));
        int[] depth = {0};
        ComponentFunction[] export = new ComponentFunction[1];
        HostFunctionBody intoChild = CanonicalAbi.lower("child", t, Guest.host(t, a -> depth[0]++ == 0
                ? export[0].call() : new Object[] {7}), g.opts, g.inst, false);
        export[0] = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t), intoChild), g.opts, g.inst);
        assertArrayEquals(new Object[] {7}, export[0].call());
        assertTrue(g.inst.mayEnter());
    }

    @Test
    void reallocMayNotCallImports() {
        FuncType t = Guest.func(List.of(), List.of());
        HostFunctionBody imp = CanonicalAbi.lower("imp", t, Guest.host(t, a -> new Object[0]), g.opts, g.inst);
        CoreFunction realloc = new BumpAllocator(g.memory, 2048) {
            @Override
            public long[] call(long... args) {
                imp.call(new long[0]);
                return super.call(args);
            }
        };
        FuncType s = Guest.func(List.of(PrimitiveType.STRING), List.of());
        ComponentFunction f = CanonicalAbi.lift("f", s, Guest.core(CanonicalAbi.flattenLifted(s), a -> new long[0]),
                new CanonOptions(g.memory, realloc, StringEncoding.UTF8, null), g.inst);
        GuestTrapException e = assertThrows(GuestTrapException.class, () -> f.call("x"));
        assertEquals("imp: component instance guest may not call an import now (may_leave is false: inside realloc "
                + "during lowering)", e.getMessage());
    }

    @Test
    void invalidCanonDefinitionsAreRejected() {
        CoreFunction wrong = Guest.core(new CoreFuncType(List.of(CoreValType.I64), List.of()), a -> a);
        InvalidComponentException e = assertThrows(InvalidComponentException.class,
                () -> CanonicalAbi.lift("f", U32_STRING_TO_U32, wrong, g.opts, g.inst));
        assertTrue(e.getMessage().startsWith("f: canon lift of func(a: u32, s: string) -> u32 needs a core function of type"),
                e.getMessage());
        CoreFunction right = Guest.core(CanonicalAbi.flattenLifted(U32_STRING_TO_U32), a -> new long[] {0});
        assertThrows(InvalidComponentException.class, () -> CanonicalAbi.lift("f", U32_STRING_TO_U32, right,
                CanonOptions.NONE, g.inst), "needs a memory");
        assertThrows(InvalidComponentException.class, () -> CanonicalAbi.lift("f", U32_STRING_TO_U32, right,
                new CanonOptions(g.memory, null, StringEncoding.UTF8, null), g.inst), "needs a realloc");
        assertThrows(InvalidComponentException.class, () -> CanonicalAbi.lift("f", U32_STRING_TO_U32, right,
                g.opts(right), g.inst), "post-return of the wrong type");
        FuncType borrowResult = Guest.func(List.of(), List.of(new OptionType(new BorrowType(Gen.R1))));
        assertThrows(InvalidComponentException.class, () -> CanonicalAbi.lower("f", borrowResult,
                Guest.host(borrowResult, a -> a), g.opts, g.inst));
        FuncType stringResult = Guest.func(List.of(), List.of(PrimitiveType.STRING));
        assertThrows(InvalidComponentException.class, () -> CanonicalAbi.lower("f", stringResult,
                Guest.host(stringResult, a -> a), new CanonOptions(g.memory, null, StringEncoding.UTF8, null), g.inst));
        // a lowered function returning a string through a return pointer needs realloc, but none to spill
        FuncType twoU32 = Guest.func(List.of(), List.of(PrimitiveType.U32, PrimitiveType.U32));
        CanonicalAbi.lower("f", twoU32, Guest.host(twoU32, a -> a), new CanonOptions(g.memory, null,
                StringEncoding.UTF8, null), g.inst);
    }

    @Test
    void hostValuesThatDoNotFitTheirTypeAreHostErrors() {
        CoreFunction callee = Guest.core(CanonicalAbi.flattenLifted(U32_STRING_TO_U32), a -> new long[] {0});
        ComponentFunction f = CanonicalAbi.lift("f", U32_STRING_TO_U32, callee, g.opts, g.inst);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.call("x", "y"));
        assertTrue(e.getMessage().startsWith("f: argument 0 (a: u32) is not a valid value: "), e.getMessage());
        Guest other = new Guest(StringEncoding.UTF8);
        ComponentFunction f2 = CanonicalAbi.lift("f", U32_STRING_TO_U32, callee, other.opts, other.inst);
        e = assertThrows(IllegalArgumentException.class, () -> f2.call(1));
        assertEquals("f: 1 arguments given, func(a: u32, s: string) -> u32 takes 2", e.getMessage());

        HostFunctionBody body = CanonicalAbi.lower("h", U32_STRING_TO_U32,
                Guest.host(U32_STRING_TO_U32, a -> new Object[] {"not a u32"}), other.opts, other.inst);
        e = assertThrows(IllegalArgumentException.class, () -> body.call(new long[] {1, 0, 0}));
        assertTrue(e.getMessage().startsWith("h: result 0 (u32) is not a valid value"), e.getMessage());
    }

    @Test
    void scalarFunctionsNeedNoOptions() {
        List<ValueType> ps = new ArrayList<>(List.of(PrimitiveType.F64, PrimitiveType.CHAR, PrimitiveType.BOOL));
        FuncType t = Guest.func(ps, List.of(PrimitiveType.F64));
        HostFunctionBody body = CanonicalAbi.lower("h", t,
                Guest.host(t, a -> new Object[] {(Double) a[0] * 2}), CanonOptions.NONE, g.inst);
        ComponentFunction f = CanonicalAbi.lift("f", t, Guest.core(CanonicalAbi.flattenLifted(t), body),
                CanonOptions.NONE, g.inst);
        assertArrayEquals(new Object[] {5.0}, f.call(2.5, 0x1F600, true));
    }
}
